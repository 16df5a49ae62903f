"""One input policy for every form field and every JSON field of the hub.

Text people type is refused, with a message that says how to fix it, when it holds characters
nobody can see or that change how text around it is shown:

* control characters (NUL, CR, LF and the rest of C0 and C1), except tab and line breaks in
  multi-line answers;
* lone surrogates (no database stores them, and email headers cannot carry them);
* text-direction overrides and isolates (they make a name read differently to the person
  shown it);
* zero-width characters (they hide differences between names that look the same).

Forms get it through ``InputPolicyFormMixin`` (the base of every hub form); JSON bodies through
``PolicedSchema`` (the base of every input schema), before any field reaches a form, a query or
an email header.
"""

from django import forms
from django.core.exceptions import ValidationError

from ninja import Schema
from pydantic import model_validator

# What every email address field says when the address is malformed or too long.
EMAIL_MESSAGES = {
    "invalid": "Enter an email address in the correct format, like name@example.com.",
    "max_length": "The email address must be 254 characters or fewer.",
}
LINE_BREAKS = frozenset("\r\n\x0b\x0c\x85\u2028\u2029")
# Tab and line breaks are ordinary in a multi-line answer.
MULTILINE_ALLOWED = frozenset("\t\r\n")
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")

LINE_BREAK = "line_break"
HIDDEN = "hidden_characters"


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why this text breaks the policy (``LINE_BREAK`` or ``HIDDEN``), or None when it is fine."""
    line_break = False
    for char in value:
        if multiline and char in MULTILINE_ALLOWED:
            continue
        if char in "\r\n\u2028\u2029":
            line_break = True
        elif (
            _is_control(char)
            or "\ud800" <= char <= "\udfff"
            or char in BIDI_CONTROLS
            or char in ZERO_WIDTH
            or char in LINE_BREAKS
        ):
            return HIDDEN
    return LINE_BREAK if line_break else None


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


def value_problem(value, *, multiline: bool = False) -> str | None:
    """The policy for any submitted value: a string, or lists and mappings of strings."""
    for text in _strings(value):
        problem = text_problem(text, multiline=multiline)
        if problem:
            return problem
    return None


def problem_message(problem: str, *, label: str = "") -> str:
    subject = (label or "Your answer").rstrip(" ?:")
    if problem == LINE_BREAK:
        return f"{subject} must be on one line: remove the line breaks."
    return (
        f"{subject} must not include hidden characters, such as control, zero-width or "
        "text-direction characters. Retype it rather than pasting it."
    )


def _label(field: forms.Field, name: str) -> str:
    label = str(field.label) if field.label else name.replace("_", " ").capitalize()
    return label.removesuffix(" (optional)")


def police_field(field: forms.Field, name: str) -> None:
    """Check the raw value against the policy before the field's own cleaning (and so before any
    query a choice field makes)."""
    if getattr(field, "_input_policed", False):
        return
    original = field.clean
    multiline = isinstance(field.widget, forms.Textarea)

    def clean(value, *args, **kwargs):
        problem = value_problem(value, multiline=multiline)
        if problem:
            raise ValidationError(problem_message(problem, label=_label(field, name)), code=problem)
        return original(value, *args, **kwargs)

    field.clean = clean
    field._input_policed = True


class InputPolicyFormMixin:
    """Every field of the form follows the input policy."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            police_field(field, name)


class PolicedSchema(Schema):
    """A JSON body follows the input policy in every string, however deeply nested.

    Line breaks are left to the forms each endpoint validates with, which know which fields
    are single-line; everything else the policy refuses is refused here, before a form runs.
    """

    @model_validator(mode="after")
    def _input_policy(self):
        for name in type(self).model_fields:
            problem = value_problem(getattr(self, name), multiline=True)
            if problem:
                raise ValueError(f"{name}: {problem_message(problem, label=name)}")
        return self
