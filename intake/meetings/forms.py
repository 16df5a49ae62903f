"""The meeting form the group contact fills in through the manage link, and the filters of the
public meetings page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size

from cms.editorial.models import Organisation
from intake.meetings.models import Meeting
from intake.meetings.services import meeting_validate
from intake.models import UserGroup
from intake.submissions.forms import (
    GDSFormMixin,
    GovDateField,
    combine_local,
    no_null_characters,
    parse_time,
    radios,
    text_field,
)
from themes.models import Theme


class MeetingDateField(GovDateField):
    """The GOV.UK date input, with messages about the meeting rather than the next one."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = "Enter the date of the meeting."
        self.error_messages["incomplete"] = "Enter the day, month and year of the meeting."
        for sub, label in zip(self.fields, ("day", "month", "year"), strict=True):
            sub.error_messages["incomplete"] = f"Enter the {label} of the meeting."

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            raise ValidationError(
                "Enter a real date for the meeting, like 27 3 2027.", code="invalid"
            ) from None


def _url(label):
    return forms.URLField(
        label=label,
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[no_null_characters],
        help_text="A web address, like https://www.example.gov.uk/papers.",
        error_messages={
            "invalid": "Enter the web address in the correct format, like "
            "https://www.example.gov.uk/papers.",
            "max_length": "The web address must be 500 characters or fewer.",
        },
    )


class MeetingForm(GDSFormMixin, forms.Form):
    """Add or change a meeting. Times are UK time."""

    submit_label = "Save the meeting"

    title = text_field(
        "Title (optional)",
        max_length=200,
        help_text="For example, Spring meeting. Leave empty to call it a meeting of the group.",
        required=False,
    )
    date = MeetingDateField(label="Date", help_text="For example, 27 3 2027")
    start_time = text_field(
        "Start time",
        max_length=10,
        message="Enter the start time, like 14:00.",
        help_text="UK time, for example 14:00",
    )
    end_time = text_field(
        "Finishing time",
        max_length=10,
        message="Enter the finishing time, like 16:00.",
        help_text="UK time, for example 16:00",
    )
    format = forms.ChoiceField(
        choices=UserGroup.Format.choices,
        widget=forms.RadioSelect,
        label="How is the meeting held?",
        error_messages={
            "required": "Select whether the meeting is online, in person or hybrid.",
            "invalid_choice": "Select whether the meeting is online, in person or hybrid.",
        },
    )
    place = text_field(
        "Where is it held?",
        max_length=1000,
        widget=forms.Textarea,
        help_text="The address, for meetings in person or hybrid.",
        required=False,
    )
    joining_instructions = text_field(
        "How do people join online?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="The meeting link or dial-in details, for meetings online or hybrid.",
        required=False,
    )
    joining_members_only = forms.BooleanField(
        label="Show the joining details only to members (we email them to the members)",
        required=False,
    )
    agenda = text_field("Agenda (optional)", max_length=5000, widget=forms.Textarea, required=False)
    papers_url = _url("Link to the papers (optional)")
    minutes_url = _url("Link to the minutes (optional)")

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def layout_fields(self) -> list:
        return [
            Field.text("title"),
            Fieldset(
                Field("date"),
                Field.text("start_time", field_width=5),
                Field.text("end_time", field_width=5),
                legend="When (UK time)",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                radios("format"),
                Field.textarea("place", rows=3),
                Field.textarea("joining_instructions", rows=3),
                Field.checkbox("joining_members_only", small=True),
                legend="Where and how to join",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("agenda", rows=6),
            Fieldset(
                Field.text("papers_url"),
                Field.text("minutes_url"),
                legend="After the meeting",
                legend_size=Size.MEDIUM,
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        times = {}
        for name in ("start_time", "end_time"):
            raw = cleaned.get(name) or ""
            times[name] = parse_time(raw)
            if raw and times[name] is None:
                self.add_error(name, "Enter the time as hours and minutes, like 14:00.")
        if day and times["start_time"] and times["end_time"]:
            cleaned["starts_at"] = combine_local(day, times["start_time"])
            cleaned["ends_at"] = combine_local(day, times["end_time"])
            try:
                meeting_validate(data=cleaned, existing=self.meeting)
            except ValidationError as error:
                targets = {"starts_at": "date", "ends_at": "end_time"}
                for field, messages in error.message_dict.items():
                    self.add_error(targets.get(field, field), messages)
        elif cleaned.get("format"):
            try:
                meeting_validate(data=cleaned)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field in self.fields:
                        self.add_error(field, messages)
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "format": data["format"],
            "place": data["place"].strip(),
            "joining_instructions": data["joining_instructions"].strip(),
            "joining_members_only": data["joining_members_only"],
            "agenda": data["agenda"].strip(),
            "papers_url": data["papers_url"],
            "minutes_url": data["minutes_url"],
        }

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "date": starts.date(),
            "start_time": starts.strftime("%H:%M"),
            "end_time": ends.strftime("%H:%M"),
            "format": meeting.format,
            "place": meeting.place,
            "joining_instructions": meeting.joining_instructions,
            "joining_members_only": meeting.joining_members_only,
            "agenda": meeting.agenda,
            "papers_url": meeting.papers_url,
            "minutes_url": meeting.minutes_url,
        }


class MeetingFilterForm(forms.Form):
    """The public meetings page's filters: a GET form that works without JavaScript."""

    theme = forms.ModelChoiceField(
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All themes",
        label="Theme",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All organisations",
        label="Organisation",
    )
    format = forms.ChoiceField(
        choices=[("", "Any format"), *UserGroup.Format.choices], required=False, label="Format"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.attrs = {"novalidate": True}
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("theme"),
            Field.select("organisation"),
            Field.select("format"),
            Button.secondary("apply", "Show meetings", type="submit"),
        )

    def filters(self) -> dict:
        """The valid filters; an unknown value is ignored rather than refused."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "theme": data.get("theme"),
            "organisation": data.get("organisation"),
            "format": data.get("format") or "",
        }
