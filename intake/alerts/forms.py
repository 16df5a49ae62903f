"""Following themes and groups: the form that asks, and the one behind the manage link."""

from django import forms

from crispy_forms_gds.layout import Field, Hidden

from intake.alerts.models import Follower
from intake.models import UserGroup
from intake.privacy.retention import retention_sentence
from intake.submissions.forms import (
    FOLD_THEMES,
    ConsentFormMixin,
    GDSFormMixin,
    SafeMultipleChoiceField,
    SpamProtectedFormMixin,
    ThemeMultipleChoiceField,
    checkboxes,
    email_field,
    radios,
)
from themes.models import Theme

_FREQUENCY_CHOICES = [
    (Follower.Frequency.IMMEDIATE, "As it happens (within about 10 minutes of it being published)"),
    (Follower.Frequency.WEEKLY, "Once a week, in a digest"),
]


def _themes_field():
    return ThemeMultipleChoiceField(
        queryset=Theme.objects.select_related("parent__parent"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Which themes do you want to follow?",
        help_text="Following a theme includes the themes within it.",
        error_messages={
            "invalid_choice": "Select themes from the list.",
            "invalid_list": "Select themes from the list.",
        },
    )


def _groups_field(queryset):
    return SafeMultipleChoiceField(
        queryset=queryset,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Groups you follow",
        error_messages={
            "invalid_choice": "Select groups from the list.",
            "invalid_list": "Select groups from the list.",
        },
    )


def _frequency_field():
    return forms.ChoiceField(
        choices=_FREQUENCY_CHOICES,
        widget=forms.RadioSelect,
        label="How often do you want to hear from us?",
        error_messages={
            "required": "Select how often you want to hear from us.",
            "invalid_choice": "Select how often you want to hear from us.",
        },
    )


class _ChoicesMixin:
    def clean(self):
        cleaned = super().clean()
        if (
            "themes" not in self.errors
            and "groups" not in self.errors
            and not cleaned.get("themes")
            and not cleaned.get("groups")
        ):
            self.add_error("themes", "Select at least one theme or group to follow.")
        return cleaned


class FollowForm(_ChoicesMixin, GDSFormMixin, ConsentFormMixin, SpamProtectedFormMixin):
    """Follow themes (and a group, when the person came from its page)."""

    submit_label = "Follow"
    retention_kinds = ("alert_followers",)

    @property
    def retention_period(self) -> str:
        return (
            "We keep your email address and what you follow for as long as you follow "
            f"anything. {retention_sentence('alert_followers')}"
        )

    email = email_field(help_text="We will send you a link to confirm it.")

    themes = _themes_field()
    frequency = _frequency_field()

    def __init__(self, *args, group: UserGroup | None = None, **kwargs):
        self.group = group
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["groups"] = _groups_field(UserGroup.objects.filter(pk=group.pk))
            self.fields["groups"].label = "Which groups do you want to follow?"
            self.fields["groups"].initial = [group.slug]
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.build_layout()

    def layout_fields(self) -> list:
        fields = [Field.text("email")]
        if "groups" in self.fields:
            fields += [checkboxes("groups"), Hidden("from_group", self.group.slug)]
        return [
            *fields,
            checkboxes("themes", fold=FOLD_THEMES),
            radios("frequency"),
            *self.consent_layout(),
        ]


class FollowManageForm(_ChoicesMixin, GDSFormMixin, forms.Form):
    """Change what you follow and how often."""

    submit_label = "Save changes"

    themes = _themes_field()
    groups = _groups_field(UserGroup.objects.none())
    frequency = _frequency_field()

    def __init__(self, *args, follower: Follower, **kwargs):
        self.follower = follower
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = follower.groups.order_by("name")
        self.fields["groups"].help_text = "Untick a group to stop following it."
        self.build_layout()

    def layout_fields(self) -> list:
        fields = [checkboxes("themes", fold=FOLD_THEMES), radios("frequency")]
        if getattr(self, "follower", None) and self.follower.groups.exists():
            fields.insert(0, checkboxes("groups"))
        return fields

    @classmethod
    def initial_for(cls, follower: Follower) -> dict:
        return {
            "themes": [t.slug for t in follower.themes.all()],
            "groups": [g.slug for g in follower.groups.all()],
            "frequency": follower.frequency,
        }
