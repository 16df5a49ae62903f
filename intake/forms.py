"""Forms for registering and editing a group, joining one, and asking for manage links."""

from django import forms
from django.core.exceptions import ValidationError

from crispy_forms_gds.layout import Field, Fieldset, Size

from cms.editorial.models import Organisation
from cms.security.input_policy import InputPolicyFormMixin
from intake.listing import field_length
from intake.models import Audience, Region, UserGroup
from intake.privacy.retention import retention_period_text, unconfirmed_listing_sentence
from intake.selectors import group_listing_values
from intake.services import group_validate_rules
from intake.submissions.forms import (
    FOLD_AUDIENCES,
    FOLD_ORGANISATIONS,
    FOLD_PLACES,
    FOLD_THEMES,
    ConsentFormMixin,
    GDSFormMixin,
    PrivacyNoticeMixin,
    SafeChoiceField,
    SafeMultipleChoiceField,
    SpamProtectedFormMixin,
    ThemeMultipleChoiceField,
    checkboxes,
    email_field,
    no_null_characters,
    radios,
    text_field,
)
from intake.submissions.tokens import link_lifetime_days
from themes.models import Theme


class GroupFieldsForm(GDSFormMixin, forms.Form):
    """The listing's fields and the rules across them; shared by the HTML forms and the API."""

    name = text_field(
        "Group name", max_length=field_length("name"), message="Enter the name of the group."
    )
    summary = text_field(
        "Summary",
        max_length=field_length("summary"),
        message="Enter a one-sentence summary of what the group does.",
        help_text="One sentence saying what the group does. It appears in search results.",
    )
    description = text_field(
        "Description",
        max_length=5000,
        message="Enter a description of the group.",
        help_text="What the group discusses, who takes part and what members can expect.",
        widget=forms.Textarea,
    )
    themes = ThemeMultipleChoiceField(
        queryset=Theme.objects.select_related("parent__parent"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label="Which statistical themes does the group cover?",
        error_messages={
            "required": "Select at least one theme the group covers.",
            "invalid_choice": "Select themes from the list.",
            "invalid_list": "Select themes from the list.",
        },
    )
    producing_organisations = SafeMultipleChoiceField(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label="Which organisations produce the statistics the group discusses?",
        error_messages={
            "required": "Select at least one organisation that produces the statistics.",
            "invalid_choice": "Select organisations from the list.",
            "invalid_list": "Select organisations from the list.",
        },
    )
    administering_body = SafeChoiceField(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        label="Which organisation runs the group?",
        empty_label="Choose an organisation",
        error_messages={
            "required": "Select the organisation that runs the group.",
            "invalid_choice": "Select the organisation that runs the group from the list.",
        },
    )
    membership = forms.ChoiceField(
        choices=UserGroup.Membership.choices,
        widget=forms.RadioSelect,
        label="Who can join?",
        error_messages={
            "required": "Select who can join the group.",
            "invalid_choice": "Select who can join the group from the list.",
        },
    )
    how_to_join = text_field(
        "How to join",
        max_length=2000,
        required=False,
        help_text=(
            "What happens after someone joins, or for invitation-only groups how to contact "
            "the group."
        ),
        widget=forms.Textarea,
    )
    meeting_frequency = forms.ChoiceField(
        choices=UserGroup.Frequency.choices,
        widget=forms.RadioSelect,
        label="How often does the group meet?",
        error_messages={
            "required": "Select how often the group meets.",
            "invalid_choice": "Select how often the group meets from the list.",
        },
    )
    format = forms.ChoiceField(
        choices=UserGroup.Format.choices,
        widget=forms.RadioSelect,
        label="How does the group meet?",
        error_messages={
            "required": "Select how the group meets.",
            "invalid_choice": "Select how the group meets from the list.",
        },
    )
    regions = SafeMultipleChoiceField(
        queryset=Region.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label="Which nations and regions does the group cover?",
        error_messages={
            "required": "Select at least one nation or region the group covers.",
            "invalid_choice": "Select nations and regions from the list.",
            "invalid_list": "Select nations and regions from the list.",
        },
    )
    audiences = SafeMultipleChoiceField(
        queryset=Audience.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Who is the group for? (optional)",
        error_messages={
            "invalid_choice": "Select audiences from the list.",
            "invalid_list": "Select audiences from the list.",
        },
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=field_length("website"),
        assume_scheme="https",
        validators=[no_null_characters],
        error_messages={
            "invalid": "Enter the website address in the correct format, like "
            "https://www.example.gov.uk.",
            "max_length": (
                f"The website address must be {field_length('website')} characters or fewer."
            ),
        },
    )
    contact_name = text_field(
        "Contact name",
        max_length=field_length("contact_name"),
        message="Enter the name of the person or team to contact.",
        help_text="A person or a team, for example 'Construction statistics team'.",
    )
    contact_email = email_field(
        "Contact email address",
        message="Enter the contact email address.",
        help_text="We will send a link to this address to check it and to manage the listing.",
        max_length=field_length("contact_email"),
    )
    contact_email_public = forms.BooleanField(
        label="Show the contact email address on the group's page", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_email"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        # The GOV.UK pack styles text and email inputs only: a web address looks the same.
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "url", "spellcheck": "false", "class": "govuk-input"}
        )

    def full_clean(self):
        super().full_clean()
        if self.errors.get("website"):
            widget = self.fields["website"].widget
            widget.attrs["class"] = "govuk-input govuk-input--error"

    def group_layout(self) -> list:
        return [
            Fieldset(
                Field.text("name"),
                Field.text("summary"),
                Field.textarea("description", rows=6),
                legend="About the group",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                checkboxes("themes", fold=FOLD_THEMES),
                checkboxes("producing_organisations", fold=FOLD_ORGANISATIONS),
                Field.select("administering_body"),
                legend="Themes and organisations",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                radios("membership"),
                Field.textarea("how_to_join", rows=4),
                radios("meeting_frequency"),
                radios("format"),
                legend="Membership and meetings",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                checkboxes("regions", fold=FOLD_PLACES),
                checkboxes("audiences", fold=FOLD_AUDIENCES),
                Field.text("website"),
                legend="Coverage",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *self.contact_layout(),
                legend="Contact",
                legend_size=Size.MEDIUM,
            ),
        ]

    def contact_layout(self) -> list:
        return [
            Field.text("contact_name"),
            Field.text("contact_email"),
            Field.checkbox("contact_email_public", small=True),
        ]

    def layout_fields(self) -> list:
        return self.group_layout()

    def clean(self):
        cleaned = super().clean()
        try:
            group_validate_rules(data=cleaned)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields:
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class GroupRegistrationForm(GroupFieldsForm, ConsentFormMixin, SpamProtectedFormMixin):
    """Register a group (producers)."""

    submit_label = "Continue"
    retention_kinds = ("closed_listings", "unconfirmed_registrations", "unconfirmed_listings")

    @property
    def retention_period(self) -> str:
        return (
            "We keep the contact's name and email address for as long as the group is on the "
            f"register, and delete them {retention_period_text('closed_listings')} after the "
            "listing is archived or rejected. Registrations whose email address is never "
            f"confirmed are deleted after {retention_period_text('unconfirmed_registrations')}. "
            f"{unconfirmed_listing_sentence()}"
        )

    consent_label = "I agree to the USER hub storing these details as the privacy notice says"

    def contact_layout(self) -> list:
        return [*super().contact_layout()]

    def layout_fields(self) -> list:
        return [*self.group_layout(), *self.consent_layout()]


class GroupEditForm(GroupFieldsForm, PrivacyNoticeMixin, SpamProtectedFormMixin):
    """Edit a listing through the manage link. The contact address cannot change here."""

    submit_label = "Save changes"
    retention_kinds = GroupRegistrationForm.retention_kinds
    retention_period = GroupRegistrationForm.retention_period

    def layout_fields(self) -> list:
        return [*self.group_layout(), *self.privacy_layout()]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["contact_email"]
        self.build_layout()

    def contact_layout(self) -> list:
        return [Field.text("contact_name"), Field.checkbox("contact_email_public", small=True)]

    @classmethod
    def initial_for(cls, group: UserGroup) -> dict:
        return {**group_listing_values(group), "contact_email_public": group.contact_email_public}


class GroupApiForm(GroupFieldsForm):
    """The JSON API's validation: the same fields as the registration form."""

    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": "Confirm the contact agreed to us storing these details (consent: true)."
        },
    )


class GroupApiEditForm(GroupApiForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["contact_email"]
        del self.fields["consent"]


class JoinForm(GDSFormMixin, ConsentFormMixin, SpamProtectedFormMixin):
    """Join an open group, or ask to join one whose contact decides."""

    submit_label = "Ask to join"
    retention_kinds = ("join_requests", "archived_group_memberships", "unconfirmed_join_requests")

    @property
    def retention_period(self) -> str:
        return (
            "We keep your details for as long as you are a member of the group, and delete them "
            f"{retention_period_text('join_requests')} after you leave or your request is "
            f"declined, or {retention_period_text('archived_group_memberships')} after the group "
            "is archived. If you do not confirm your email address we delete your details after "
            f"{retention_period_text('unconfirmed_join_requests')}."
        )

    consent_label = "I agree to the USER hub storing these details as the privacy notice says"

    name = text_field("Full name", max_length=200, message="Enter your full name.")
    email = email_field(help_text="We will send you a link to confirm it.")
    organisation = text_field("Organisation (optional)", max_length=200, required=False)
    hopes = text_field(
        "What do you hope to get from the group? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, group: UserGroup | None = None, **kwargs):
        if group is not None and group.membership == UserGroup.Membership.OPEN:
            # Nobody decides on an open group: confirming the address is joining.
            self.submit_label = "Join this group"
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def layout_fields(self) -> list:
        return [
            Field.text("name"),
            Field.text("email"),
            Field.text("organisation"),
            Field.textarea("hopes", rows=4),
            *self.consent_layout(),
        ]


class JoinApiForm(InputPolicyFormMixin, forms.Form):
    name = JoinForm.base_fields["name"]
    email = JoinForm.base_fields["email"]
    organisation = JoinForm.base_fields["organisation"]
    hopes = JoinForm.base_fields["hopes"]
    consent = GroupApiForm.base_fields["consent"]


class ManageLinkRequestForm(GDSFormMixin, PrivacyNoticeMixin, SpamProtectedFormMixin):
    """Ask for fresh links to manage your listings."""

    submit_label = "Send me the links"
    retention_kinds = ("email_outbox",)

    @property
    def retention_period(self) -> str:
        return (
            "We use your email address only to send the links. We keep the email we send for "
            f"{retention_period_text('email_outbox')} after it is sent, then delete it."
        )

    email = email_field(
        "Contact email address for the group",
        message="Enter the contact email address for the group.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def layout_fields(self) -> list:
        return [Field.text("email"), *self.privacy_layout()]


class DecisionForm(GDSFormMixin, forms.Form):
    """An editor's reason or message for a moderation decision."""

    submit_label = "Send"

    reason = text_field(
        "Reason",
        max_length=4000,
        message="Enter the reason; the group's contact will see it.",
        widget=forms.Textarea,
    )


class HandoverForm(GDSFormMixin, PrivacyNoticeMixin, forms.Form):
    """Pass the listing to a new contact, who confirms by email before anything changes."""

    submit_label = "Send the request to the new contact"
    retention_kinds = ("lapsed_handovers",)

    @property
    def retention_period(self) -> str:
        return (
            "We email the new contact a link to confirm. If they confirm, their name and email "
            "address replace yours on the listing and we keep them as for any contact; if they "
            f"do not, the request lapses after {link_lifetime_days('handover')} days and we delete "
            f"it {retention_period_text('lapsed_handovers')} after it was sent."
        )

    new_contact_name = text_field(
        "Name of the new contact",
        max_length=200,
        message="Enter the name of the new contact.",
        help_text="A person or a team.",
    )
    new_contact_email = email_field(
        "Email address of the new contact", message="Enter the new contact's email address."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_contact_email"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false"}
        )

    def layout_fields(self) -> list:
        return [
            Field.text("new_contact_name"),
            Field.text("new_contact_email"),
            *self.privacy_layout(),
        ]


class InviteForm(GDSFormMixin, forms.Form):
    """The contact invites someone to an invitation-only group."""

    submit_label = "Send the invitation"

    name = text_field(
        "Their name", max_length=200, message="Enter the name of the person to invite."
    )
    email = email_field(
        "Their email address",
        message="Enter the email address of the person to invite.",
        help_text="We email them a link to accept. We store nothing about them unless they do.",
    )

    def layout_fields(self) -> list:
        return [Field.text("name"), Field.text("email")]


class InvitationAcceptForm(GDSFormMixin, ConsentFormMixin):
    """The invitee accepts an invitation to an invitation-only group."""

    submit_label = "Accept the invitation"
    retention_kinds = JoinForm.retention_kinds
    retention_period = JoinForm.retention_period

    name = text_field("Full name", max_length=200, message="Enter your full name.")
    organisation = text_field("Organisation (optional)", max_length=200, required=False)

    def layout_fields(self) -> list:
        return [Field.text("name"), Field.text("organisation"), *self.consent_layout()]
