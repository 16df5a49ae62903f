"""A service's refusal (a ``ValidationError``) shown where the person or the client reads it:
against the field it names, or at the top of the form or the response."""

from django.core.exceptions import ValidationError


def form_add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal against the right field, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def api_error_body(error: ValidationError) -> dict:
    """The JSON API's error body for a service's refusal."""
    if hasattr(error, "error_dict"):
        return {"detail": "Some answers need correcting.", "errors": error.message_dict}
    return {"detail": " ".join(error.messages), "errors": {}}
