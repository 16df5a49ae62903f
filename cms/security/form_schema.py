"""JSON input schemas built from the Django forms the HTML pages use, so the two cannot drift.

``form_schema(FormClass)`` reads the form's fields and gives each one the constraints the form
applies: choices become an ``enum``, ``max_length`` becomes ``maxLength``, email and web address
fields carry their ``format``, required fields are required (and a required checkbox must be
``true``), and records chosen by slug take the slug pattern and the length of the model's slug
field. The OpenAPI schema therefore says what the form accepts, and the schema itself refuses
what the form would.

When the schema refuses a body, the answer still speaks the form's sentences: each refused
field gets the message the form has for that problem, and the form is run on the same body so
that every other answer it would correct is reported at once, as the HTML form does.
"""

from typing import Annotated, Any, ClassVar, Literal

from django import forms
from django.core.validators import slug_re

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from cms.security.input_policy import PolicedSchema

# Django's slug validator (``^[-a-zA-Z0-9_]+\Z``) in the dialect JSON Schema understands.
SLUG_PATTERN = slug_re.pattern.removesuffix(r"\Z") + "$"
# Required text must hold something other than spaces: the form strips them before checking.
NOT_BLANK = r"\S"
# How many records a list may name before the form refuses it outright.
MAX_CHOSEN = 100

_CHOICE_ERRORS = {
    "enum",
    "literal_error",
    "string_pattern_mismatch",
    "too_long",
    "list_type",
    "string_type",
}


def _describe(field: forms.Field, extra: str = "") -> str | None:
    words = [
        str(part).strip()
        for part in (field.label, field.help_text, extra)
        if part and str(part).strip()
    ]
    return " ".join(w if w[-1] in ".?!" else f"{w}." for w in words) or None


def _choice_values(field: forms.ChoiceField) -> tuple[str, ...]:
    return tuple(str(value) for value, _ in field.choices if value not in ("", None))


def _slug_type(field: forms.ModelChoiceField):
    model_field = field.queryset.model._meta.get_field(field.to_field_name or "pk")
    return Annotated[
        str,
        StringConstraints(pattern=SLUG_PATTERN, max_length=model_field.max_length or 200),
    ]


def _text_type(field: forms.CharField, *, format: str | None = None):
    constraints: dict[str, Any] = {}
    if field.max_length is not None:
        constraints["max_length"] = field.max_length
    if field.min_length is not None:
        constraints["min_length"] = field.min_length
    if field.required:
        constraints["pattern"] = NOT_BLANK
    annotated = Annotated[str, StringConstraints(**constraints)]
    if format:
        annotated = Annotated[annotated, Field(json_schema_extra={"format": format})]
    return annotated


def schema_field(field: forms.Field) -> tuple[Any, Any]:
    """The type and default a JSON body field takes to accept what this form field accepts."""
    description = _describe(field)
    if isinstance(field, forms.BooleanField):
        if field.required:  # a required checkbox: it must be ticked
            return Literal[True], Field(description=description)
        return bool, Field(False, description=description)
    if isinstance(field, forms.ModelMultipleChoiceField):
        item = _slug_type(field)
        described = _describe(field, "Slugs.")
        if field.required:
            return list[item], Field(min_length=1, max_length=MAX_CHOSEN, description=described)
        return list[item], Field(default_factory=list, max_length=MAX_CHOSEN, description=described)
    if isinstance(field, forms.ModelChoiceField):
        kind, description = _slug_type(field), _describe(field, "A slug.")
    elif isinstance(field, forms.MultipleChoiceField):
        item = Literal[_choice_values(field)]
        if field.required:
            return list[item], Field(min_length=1, description=description)
        return list[item], Field(default_factory=list, description=description)
    elif isinstance(field, forms.ChoiceField):
        kind = Literal[_choice_values(field)]
    elif isinstance(field, forms.EmailField):
        kind = _text_type(field, format="email")
    elif isinstance(field, forms.URLField):
        kind = _text_type(field, format="uri")
        description = _describe(field, "Without a scheme, https:// is assumed.")
    elif isinstance(field, forms.DateField):
        kind = Annotated[str, Field(json_schema_extra={"format": "date"})]
    elif isinstance(field, forms.CharField):
        kind = _text_type(field)
    else:
        raise TypeError(f"No JSON schema for {type(field).__name__}: describe it in form_schema.")
    if field.required:
        return kind, Field(description=description)
    return kind | None, Field(None, description=description)


def _form_message(field: forms.Field, error: dict) -> str:
    """The form's own sentence for the problem the schema found."""
    messages = field.error_messages
    kind = error.get("type", "")
    if kind == "missing" or (isinstance(field, forms.BooleanField) and field.required):
        key = "required"
    elif kind == "string_pattern_mismatch" and not isinstance(field, forms.ChoiceField):
        key = "required"  # the only pattern on text: something other than spaces
    elif kind == "string_too_long":
        key = "max_length"
    elif isinstance(field, forms.ChoiceField) and kind in _CHOICE_ERRORS:
        key = "invalid_choice"
    else:
        key = ""
    message = messages.get(key)
    if not message:
        return str(error.get("msg", "This value is not valid."))
    limit = (error.get("ctx") or {}).get("max_length", getattr(field, "max_length", 0))
    try:
        return str(message) % {"value": "?", "limit_value": limit, "show_value": limit}
    except (KeyError, TypeError, ValueError):
        return str(message)


def _body(data) -> dict | None:
    body = getattr(data, "_obj", data)  # django-ninja wraps the body in a DjangoGetter
    return body if isinstance(body, dict) else None


class FormSchema(PolicedSchema):
    """An input schema derived from a form (see ``form_schema``)."""

    form_class: ClassVar[type[forms.BaseForm] | None] = None

    @model_validator(mode="wrap")
    @classmethod
    def _in_the_forms_words(cls, data, handler):
        try:
            return handler(data)
        except ValidationError as refused:
            body = _body(data)
            if cls.form_class is None or body is None:
                raise
            form = cls.form_class(data={k: v for k, v in body.items() if v is not None})
            form_errors = {name: [str(m) for m in ms] for name, ms in form.errors.items()}
            details: list[InitErrorDetails] = []
            said: set[str] = set()
            for error in refused.errors():
                name = str(error["loc"][0]) if error.get("loc") else ""
                if name in said:
                    continue
                if name in form_errors:
                    messages = form_errors[name]
                elif name in form.fields:
                    messages = [_form_message(form.fields[name], error)]
                else:
                    messages = [str(error.get("msg", ""))]
                said.add(name)
                details += [_detail(error.get("loc", ()), m, error.get("input")) for m in messages]
            for name, messages in form_errors.items():
                if name not in said and name in form.fields:
                    details += [_detail((name,), m, body.get(name)) for m in messages]
            raise ValidationError.from_exception_data(refused.title, details) from None


def _detail(loc, message: str, value) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("form", "{message}", {"message": message}),
        loc=tuple(loc)[:1],
        input=value,
    )


def form_schema(
    form_class: type[forms.BaseForm],
    *,
    name: str,
    doc: str,
    exclude: tuple[str, ...] = (),
    base: type[FormSchema] = FormSchema,
    example: dict | None = None,
    **extra: Any,
) -> type[FormSchema]:
    """A JSON input schema holding the fields of ``form_class`` (minus ``exclude``), plus any
    ``extra`` fields given as ``name=(type, Field(...))``. ``example``: a body the form accepts,
    shown in the schema (and sent first by schemathesis)."""
    form = form_class()  # fields as the form sets them up, choices included
    fields = {
        field_name: schema_field(field)
        for field_name, field in form.fields.items()
        if field_name not in exclude
    }
    if example is not None:
        # A model's config merges with its base's: a base of its own carries the example.
        config = ConfigDict(json_schema_extra={"examples": [example]})
        base = type(f"{name}Example", (base,), {"model_config": config, "__doc__": doc})
    schema = create_model(name, __base__=base, __doc__=doc, **fields, **extra)
    schema.form_class = form_class
    schema.example = example
    return schema
