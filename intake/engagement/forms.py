"""Forms for engagement requests, success stories and champion sign-ups.

The HTML forms build on the intake forms' GOV.UK, spam and consent mixins. The JSON endpoints
validate with the ``*ApiForm`` twins, which hold the same fields without the spam and layout parts.
"""

import io

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from PIL import Image, UnidentifiedImageError

from cms.editorial.models import Organisation
from cms.security.input_policy import InputPolicyFormMixin
from intake.engagement.case_studies import goal_choices
from intake.engagement.models import EngagementRequest
from intake.submissions.forms import (
    FOLD_THEMES,
    ConsentFormMixin,
    GDSFormMixin,
    SafeChoiceField,
    SpamProtectedFormMixin,
    ThemeChoiceField,
    ThemeMultipleChoiceField,
    checkboxes,
    email_field,
    radios,
    text_field,
)
from themes.models import Theme


def organisation_field(label="Organisation", message="Choose the organisation.", **kwargs):
    return SafeChoiceField(
        label=label,
        queryset=Organisation.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Choose an organisation",
        error_messages={
            "required": message,
            "invalid_choice": "Choose an organisation from the list.",
        },
        **kwargs,
    )


class HubFormBase(GDSFormMixin, ConsentFormMixin, SpamProtectedFormMixin):
    """Layout, privacy notice, consent and spam protection for the forms of this app."""


# --- Engagement requests ------------------------------------------------------------------------


class EngagementRequestFields(InputPolicyFormMixin, forms.Form):
    organisation = organisation_field(
        label="Which organisation produces the statistics?",
        message="Choose the organisation that produces the statistics.",
    )
    theme = ThemeChoiceField(
        label="Theme",
        queryset=Theme.objects.select_related("parent__parent__parent"),
        to_field_name="slug",
        empty_label="Choose a theme",
        error_messages={
            "required": "Choose the theme the statistics belong to.",
            "invalid_choice": "Choose a theme from the list.",
        },
    )
    statistics = text_field(
        "Which statistics is this about?",
        max_length=300,
        message="Enter the name of the statistics or release this is about.",
        help_text="For example, the name of a release, a table or a dataset.",
    )
    kind = forms.ChoiceField(
        label="What are you asking for?",
        choices=EngagementRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what you are asking for.",
            "invalid_choice": "Choose what you are asking for from the options.",
        },
    )
    description = text_field(
        "Describe your request",
        max_length=5000,
        message="Describe your request.",
        help_text="What you need, why, and by when. Do not include other people's personal "
        "details.",
        widget=forms.Textarea,
    )
    name = text_field("Full name", max_length=200, message="Enter your full name.")
    email = email_field(help_text="We send your reference and updates to this address.")
    requester_organisation = text_field(
        "Your organisation (optional)", max_length=200, required=False
    )
    consent_to_publish = forms.BooleanField(
        label="You may publish an anonymised summary of my request and its answer on the "
        "'You said, we did' page",
        required=False,
        help_text="We never publish your name, email address or organisation.",
    )


class EngagementRequestForm(HubFormBase, EngagementRequestFields):
    """Ask a producer for engagement."""

    submit_label = "Send request"
    retention_kinds = ("engagement_requests",)
    privacy_purpose = (
        "We use your details to send your request to the organisation's user engagement "
        "champions and to tell you what happens to it. We publish a summary only if you agree, "
        "and never your name or contact details."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["requester_organisation"].widget.attrs["autocomplete"] = "organization"

    def layout_fields(self) -> list:
        return [
            Fieldset(
                Field.select("organisation"),
                Field.select("theme"),
                Field.text("statistics"),
                radios("kind"),
                Field.textarea("description", rows=6),
                legend="Your request",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("name"),
                Field.text("email"),
                Field.text("requester_organisation"),
                legend="Your contact details",
                legend_size=Size.MEDIUM,
            ),
            Field.checkbox("consent_to_publish"),
            *self.consent_layout(),
        ]


class EngagementRequestApiForm(EngagementRequestFields):
    consent = ConsentFormMixin.base_fields["consent"]


class StatusUpdateForm(GDSFormMixin, forms.Form):
    """Move a request on (editors and champions)."""

    submit_label = "Save and tell the requester"

    status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the new status.",
            "invalid_choice": "Choose one of the statuses offered.",
        },
    )
    response = text_field(
        "Message to the requester",
        max_length=5000,
        required=False,
        help_text="Sent by email and shown on their status page. Required when you answer.",
        widget=forms.Textarea,
    )

    def __init__(self, *args, allowed_statuses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(EngagementRequest.Status.choices)
        self.fields["status"].choices = [(value, labels[value]) for value in allowed_statuses]

    def layout_fields(self) -> list:
        return [radios("status"), Field.textarea("response", rows=6)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == EngagementRequest.Status.ANSWERED and not cleaned.get(
            "response"
        ):
            self.add_error("response", "Enter the answer to send to the person who asked.")
        return cleaned


class PublicSummaryForm(InputPolicyFormMixin, forms.Form):
    public_summary = text_field(
        "What was asked (public summary)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="Shown on the 'You said, we did' page. Leave out names and contact details.",
    )
    public_outcome = text_field(
        "What was done (public)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="Shown on the 'You said, we did' page. Leave out names and contact details.",
    )


# --- Champion sign-ups --------------------------------------------------------------------------


class ChampionSignupFields(InputPolicyFormMixin, forms.Form):
    name = text_field("Full name", max_length=200, message="Enter your full name.")
    email = email_field()
    role = text_field(
        "Job title or role",
        max_length=200,
        message="Enter your job title or role.",
        help_text="For example, Head of user engagement.",
    )
    organisation = organisation_field(
        label="Organisation", message="Choose the organisation you work for."
    )
    themes = ThemeMultipleChoiceField(
        label="Themes you cover (optional)",
        queryset=Theme.objects.select_related("parent__parent__parent"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose themes from the list."},
    )
    bio = text_field(
        "About your work (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea,
        help_text="A sentence or two shown on the champions page.",
    )
    show_email = forms.BooleanField(
        label="Show my email address on the champions page", required=False
    )


class ChampionSignupForm(HubFormBase, ChampionSignupFields):
    """Join the champions network."""

    submit_label = "Send sign-up"
    retention_kinds = ("champion_signups",)
    privacy_purpose = (
        "We use your details to decide on your sign-up and, once approved, to list you on the "
        "champions page (your email address only if you ask) and send you engagement requests."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"

    def layout_fields(self) -> list:
        return [
            Field.text("name"),
            Field.text("email"),
            Field.text("role"),
            Field.select("organisation"),
            checkboxes("themes", fold=FOLD_THEMES),
            Field.textarea("bio", rows=3),
            Field.checkbox("show_email"),
            *self.consent_layout(),
        ]


class ChampionSignupApiForm(ChampionSignupFields):
    consent = ConsentFormMixin.base_fields["consent"]


class RejectForm(InputPolicyFormMixin, forms.Form):
    reason = text_field(
        "Reason",
        max_length=2000,
        message="Enter the reason, so the person knows why.",
        widget=forms.Textarea,
    )


# --- Success stories ----------------------------------------------------------------------------

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def image_limits() -> tuple[int, int]:
    return (
        settings.SUCCESS_IMAGE_MAX_BYTES,
        settings.SUCCESS_IMAGE_MAX_PIXELS,
    )


def image_check(upload) -> str:
    """Check an upload by its content: a JPEG, PNG, WebP or GIF within the size and pixel
    limits. Returns the format's file extension; raises ``ValidationError`` otherwise."""
    max_bytes, max_pixels = image_limits()
    if upload.size > max_bytes:
        raise ValidationError(
            f"The image must be smaller than {max_bytes // (1024 * 1024)} MB. "
            "Choose a smaller image."
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    message = "The image must be a JPEG, PNG, WebP or GIF file. Choose a different file."
    try:
        # Pillow refuses SVG and anything else it cannot decode as a raster image.
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(message, code="invalid_image") from None
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(message, code="invalid_image")
    if width * height > max_pixels:
        raise ValidationError(
            "The image has too many pixels. Choose an image of at most "
            f"{max_pixels // 1_000_000} megapixels.",
            code="too_many_pixels",
        )
    return ALLOWED_IMAGE_FORMATS[image_format]


class SuccessStoryFields(InputPolicyFormMixin, forms.Form):
    title = text_field(
        "Title of your story",
        max_length=200,
        message="Enter a title for your story.",
        help_text="For example, How a user panel changed our housing release.",
    )
    organisation = organisation_field(
        label="Organisation", message="Choose the organisation the story is about."
    )
    themes = ThemeMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.select_related("parent__parent__parent"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one theme.",
            "invalid_choice": "Choose themes from the list.",
        },
    )
    goals = forms.MultipleChoiceField(
        label="Goals of the strategy it supports (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose goals from the list."},
    )
    task = text_field(
        "The task",
        max_length=5000,
        message="Describe the task: what you set out to do.",
        widget=forms.Textarea,
    )
    approach = text_field(
        "The approach",
        max_length=5000,
        message="Describe the approach: how you engaged users.",
        widget=forms.Textarea,
    )
    outcome = text_field(
        "The outcome and impact",
        max_length=5000,
        message="Describe the outcome: what changed as a result.",
        widget=forms.Textarea,
    )
    lessons = text_field(
        "Lessons learnt (optional)", max_length=5000, required=False, widget=forms.Textarea
    )
    name = text_field("Your full name", max_length=200, message="Enter your full name.")
    email = email_field(help_text="The hub team uses it to ask you about the story.")
    show_contact = forms.BooleanField(
        label="Show my name and email address as the contact on the published case study",
        required=False,
        help_text="If you leave this unticked, readers contact the hub team instead.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = goal_choices()


class SuccessStoryForm(HubFormBase, SuccessStoryFields):
    """Share a success: becomes a draft case study for the editors."""

    submit_label = "Send story"
    retention_kinds = ("success_stories",)
    privacy_purpose = (
        "We use your name and email address to ask you about your story. They appear on the "
        "published case study only if you ask."
    )

    image = forms.FileField(
        label="Image (optional)",
        required=False,
        help_text="A JPEG, PNG, WebP or GIF, smaller than 5 MB.",
        error_messages={"invalid": "The selected file could not be read. Choose another file."},
    )
    image_alt = text_field(
        "Describe the image for people who cannot see it",
        max_length=250,
        required=False,
        help_text="Required when you add an image.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            self.image_extension = image_check(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", "Describe the image for people who cannot see it.")
        return cleaned

    def layout_fields(self) -> list:
        return [
            Fieldset(
                Field.text("title"),
                Field.select("organisation"),
                checkboxes("themes", fold=FOLD_THEMES),
                checkboxes("goals"),
                legend="About the story",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("task", rows=5),
                Field.textarea("approach", rows=5),
                Field.textarea("outcome", rows=5),
                Field.textarea("lessons", rows=4),
                legend="The story",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                HTML('<p class="govuk-body">An image is optional.</p>'),
                Field("image"),
                Field.text("image_alt"),
                legend="Image",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("name"),
                Field.text("email"),
                Field.checkbox("show_contact"),
                legend="Contact",
                legend_size=Size.MEDIUM,
            ),
            *self.consent_layout(),
        ]


class SuccessStoryApiForm(SuccessStoryFields):
    consent = ConsentFormMixin.base_fields["consent"]
