from django import forms

from cms.security.input_policy import EMAIL_MESSAGES, InputPolicyFormMixin


class PersonalDataLookupForm(InputPolicyFormMixin, forms.Form):
    """An editor looks up someone else's address: the messages do not say "your"."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            **EMAIL_MESSAGES,
            "required": "Enter the email address of the person to look up.",
        },
    )
