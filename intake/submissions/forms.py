"""Reusable pieces for every intake form.

* ``GDSFormMixin`` attaches the crispy ``FormHelper`` for the GOV.UK pack; each form lists its
  layout in ``layout_fields()``.
* ``SpamProtectedFormMixin`` adds the honeypot and the signed start time.
* ``ConsentFormMixin`` adds the privacy notice (with the form's retention period) and the
  consent checkbox.
"""

import hashlib
import re
from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Div, Field, Hidden, Layout, Size, Submit

from cms.cache import cached_rows, rows_watched
from cms.editorial.selectors import privacy_notice
from cms.security.input_policy import EMAIL_MESSAGES, InputPolicyFormMixin
from intake.privacy.retention import retention_sentence
from intake.submissions import spam
from intake.submissions.once import SUBMISSION_FIELD, submission_id_new
from themes.forms import ThemeChoiceMixin

_SUBMISSION = re.compile(r"[0-9a-f]{32}")
UNUSUAL_CHARACTERS = "Remove the unusual characters from your answer."


def has_unusual_characters(value: str) -> bool:
    """NUL bytes and lone surrogates: no database stores them, so they are refused early."""
    return "\x00" in value or any("\ud800" <= char <= "\udfff" for char in value)


def no_null_characters(value) -> None:
    if isinstance(value, str) and has_unusual_characters(value):
        raise ValidationError(UNUSUAL_CHARACTERS)


def text_field(
    label: str,
    *,
    max_length: int,
    required: bool = True,
    message: str | None = None,
    help_text: str = "",
    field_class: type[forms.CharField] = forms.CharField,
    **kwargs,
) -> forms.CharField:
    """A typed answer with the GOV.UK messages: what to enter, and how long it may be."""
    return field_class(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        validators=[no_null_characters],
        error_messages={
            "required": message or f"Enter {label.lower()}.",
            "max_length": f"{label} must be {max_length} characters or fewer.",
        },
        **kwargs,
    )


def email_field(
    label: str = "Email address",
    *,
    message: str = "Enter your email address.",
    help_text: str = "",
    max_length: int = 254,
) -> forms.EmailField:
    """An email address with the GOV.UK messages (254 characters, as the standard allows)."""
    return forms.EmailField(
        label=label,
        max_length=max_length,
        validators=[no_null_characters],
        help_text=help_text,
        error_messages={"required": message, **EMAIL_MESSAGES},
    )


def _plain_choice(value) -> bool:
    """A value a choice may be looked up by: a short string or number with nothing odd in it."""
    return (
        isinstance(value, str | int)
        and len(str(value)) <= 200
        and not has_unusual_characters(str(value))
    )


class _ReferenceLookupMixin:
    """Look the chosen values up in the field's whole list, cached until one of its rows
    changes (``cms.cache.cached_rows``), instead of a query for every form sent. Lists of
    models nobody watches (``rows_watch``) are looked up in the database as Django does.

    The cached rows, and any rows they select with ``select_related``, must be of the watched
    model: the theme tree selects its parents, which are themes too."""

    def _lookup_cached(self) -> bool:
        return rows_watched(self.queryset.model)

    def _key_of(self, obj) -> str:
        return str(getattr(obj, self.to_field_name) if self.to_field_name else obj.pk)

    def _choices_by_value(self) -> dict:
        queryset = self.queryset
        query = queryset.query
        # What the queryset selects, told apart without compiling its SQL (which costs more
        # than the cache read).
        shape = (
            self.to_field_name,
            str(query.where),
            query.order_by,
            query.select_related,
            query.distinct,
            query.low_mark,
            query.high_mark,
        )
        name = hashlib.sha256(repr(shape).encode()).hexdigest()
        return cached_rows(
            queryset.model,
            f"choices:{name}",
            lambda: {self._key_of(obj): obj for obj in queryset},
        )


class SafeChoiceField(_ReferenceLookupMixin, forms.ModelChoiceField):
    """Choose one record; anything that is not a plain value is refused before it reaches the
    database."""

    def clean(self, value):
        if value not in self.empty_values and not _plain_choice(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)

    def to_python(self, value):
        if value in self.empty_values or not self._lookup_cached():
            return super().to_python(value)
        if isinstance(value, self.queryset.model):
            value = self._key_of(value)
        found = self._choices_by_value().get(str(value))
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class SafeMultipleChoiceField(_ReferenceLookupMixin, forms.ModelMultipleChoiceField):
    """Choose several records, each by a plain value; at most 100."""

    def clean(self, value):
        if value and (
            not isinstance(value, list | tuple)
            or len(value) > 100
            or not all(_plain_choice(v) for v in value)
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"] % {"value": "?"}, code="invalid_choice"
            )
        return super().clean(value)

    def _check_values(self, value):
        """The chosen records in the list's order (a list, where Django gives a queryset)."""
        if not self._lookup_cached():
            return super()._check_values(value)
        by_value = self._choices_by_value()
        chosen = {str(v) for v in value}
        for choice in value:
            if str(choice) not in by_value:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": choice},
                )
        return [obj for key, obj in by_value.items() if key in chosen]


class ThemeChoiceField(ThemeChoiceMixin, SafeChoiceField):
    pass


class ThemeMultipleChoiceField(ThemeChoiceMixin, SafeMultipleChoiceField):
    pass


def checkboxes(name: str, *, fold: str = "") -> Field:
    """Small GOV.UK checkboxes in a fieldset, rendered by a lean template (long lists).

    ``fold`` folds a long list into GOV.UK details so the keyboard can pass it: the words of
    each fold's summary, with '{name}' (the top-level choice it sits under, for lists that
    nest) and '{count}' (how many choices it holds)."""
    if fold:
        return Field(
            name, template="intake/widgets/folded_choices_field.html", context={"fold": fold}
        )
    return Field(
        name,
        template="intake/widgets/choices_field.html",
        context={"input_kind": "checkboxes", "small": True},
    )


# How each long list folds; one wording wherever the list appears.
FOLD_THEMES = "Themes within {name}"
FOLD_PLACES = "Places within {name}"
FOLD_ORGANISATIONS = "Choose from {count} organisations"
FOLD_AUDIENCES = "Choose from {count} audiences"


def radios(name: str) -> Field:
    """Small GOV.UK radios in a fieldset."""
    return Field(
        name,
        template="intake/widgets/choices_field.html",
        context={"input_kind": "radios", "small": True},
    )


class GDSFormMixin(InputPolicyFormMixin):
    """Attach the GOV.UK FormHelper. Forms say what to show in ``layout_fields``.

    Every field follows the hub's input policy (``cms.security.input_policy``)."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_tag = True
        # GOV.UK: let the server check the answers, so the error summary is the one place that
        # explains them (browsers' own bubbles pre-empt it for emails and web addresses).
        self.helper.attrs = {"novalidate": True}
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.build_layout()

    def layout_fields(self) -> list:
        return [Field(name) for name in self.fields]

    def full_layout(self) -> list:
        spam_layout = getattr(self, "spam_layout", list)
        return [*self.layout_fields(), *spam_layout(), Submit("submit", self.submit_label)]

    def build_layout(self) -> None:
        """Lay the form out, and put its fields in the order the page shows them.

        Mixins declare fields in MRO order (the consent box and the spam trap first), but the
        error summary lists errors in field order, and GOV.UK asks for the order of the page.
        """
        self.helper.layout = Layout(*self.full_layout())
        self.order_fields([pointer.name for pointer in self.helper.layout.get_field_names()])


class SpamProtectedFormMixin(forms.Form):
    """A honeypot and a signed timestamp. Views check ``spam.honeypot_filled`` first, so a
    filled honeypot gets the normal success page and nothing is saved."""

    nickname = forms.CharField(label="Leave this field empty", required=False, max_length=200)
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[spam.TIMESTAMP_FIELD].initial = spam.timestamp_issue(
            submission=self.submission_id
        )

    def spam_layout(self) -> list:
        return [
            Div(
                Field.text(spam.HONEYPOT_FIELD, tabindex="-1", autocomplete="off"),
                css_class="govuk-visually-hidden",
                aria_hidden="true",
            ),
            Hidden(spam.TIMESTAMP_FIELD, self._timestamp_value()),
            Hidden(SUBMISSION_FIELD, self._submission_value()),
        ]

    @cached_property
    def submission_id(self) -> str:
        """This rendering's submission id (kept when the form is shown again with errors)."""
        posted = self.data.get(SUBMISSION_FIELD, "") if self.is_bound else ""
        return (
            posted
            if isinstance(posted, str) and _SUBMISSION.fullmatch(posted)
            else (submission_id_new())
        )

    def _submission_value(self) -> str:
        return self.submission_id

    def _timestamp_value(self) -> str:
        if self.is_bound and not self._timestamp_needs_renewal:
            posted = self.data.get(spam.TIMESTAMP_FIELD)
            if posted:
                return posted
        return spam.timestamp_issue(submission=self.submission_id)

    _timestamp_needs_renewal = False
    # Fields meant to hold a web address: a link there is no spam signal.
    link_fields: tuple[str, ...] = ("website",)

    def clean(self):
        cleaned = super().clean()
        problem = spam.timestamp_problem(
            value=self.data.get(spam.TIMESTAMP_FIELD),
            submission=self.data.get(SUBMISSION_FIELD, ""),
            suspicious=spam.looks_automated(data=self.data, skip=self.link_fields),
        )
        if problem:
            # Show a fresh timestamp when the form is shown again, so the next try can pass.
            self._timestamp_needs_renewal = "expired" in problem
            self.build_layout()
            raise ValidationError(problem, code="timing")
        return cleaned


class PrivacyNoticeMixin:
    """The privacy notice with this form's retention period, written from the periods of the
    kinds of record it keeps (``retention_kinds``: keys of ``PERSONAL_DATA_RETENTION_DAYS``,
    each with a purge rule that keeps the promise)."""

    retention_kinds: tuple[str, ...] = ()
    # What the details are used for, the notice's first sentence.
    privacy_purpose = (
        "The USER hub team uses these details only to run the register of user groups and to "
        "pass requests between the people involved."
    )

    @property
    def retention_period(self) -> str:
        """How long the details are kept; a form whose notice needs other words says them,
        with each period read from its ``retention_kinds``."""
        return " ".join(retention_sentence(kind) for kind in self.retention_kinds)

    @cached_property
    def privacy(self) -> dict:
        return {
            **privacy_notice(),
            "retention": self.retention_period,
            "purpose": self.privacy_purpose,
        }

    def privacy_layout(self) -> list:
        return [
            HTML('{% include "intake/includes/privacy_notice.html" with privacy=form.privacy %}')
        ]


class ConsentFormMixin(PrivacyNoticeMixin, forms.Form):
    """The privacy notice and the consent checkbox; views store consent with its time and the
    notice version."""

    consent_label = "I agree to the USER hub storing these details as the privacy notice says"

    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": "Confirm you agree to us storing these details, as the notice describes."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = self.consent_label

    def consent_layout(self) -> list:
        return [*self.privacy_layout(), Field.checkbox("consent")]


class GovDateField(DateInputField):
    """The GOV.UK date input with messages that say how to fix the problem.

    A date with a part missing is refused with a message on that part, not dropped: the
    pack's default (``require_all_fields``) turned "March 2099" into no date at all.
    """

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        self.error_messages["required"] = "Enter the date of the next meeting."
        self.error_messages["incomplete"] = "Enter the day, month and year of the next meeting."
        for sub, label in zip(self.fields, ("day", "month", "year"), strict=True):
            sub.validators = [no_null_characters]
            sub.max_length = 4
            sub.error_messages["incomplete"] = f"Enter the {label} of the next meeting."

    def compress(self, data_list):
        day, month, year = [*list(data_list), None, None, None][:3]
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError, TypeError):
            raise ValidationError(
                "Enter a real date for the next meeting, like 27 3 2027.", code="invalid"
            ) from None


_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_time(value: str) -> time | None:
    match = _TIME.match(value or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def combine_local(day: date, at: time | None) -> datetime:
    return timezone.make_aware(datetime.combine(day, at or time(0, 0)))
