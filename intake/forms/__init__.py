from intake.forms.base import (
    ConsentFormMixin,
    GDSFormMixin,
    PrivacyNoticeMixin,
    SpamProtectedFormMixin,
)
from intake.forms.groups import (
    DecisionForm,
    GroupApiEditForm,
    GroupApiForm,
    GroupEditForm,
    GroupRegistrationForm,
    HandoverForm,
    InvitationAcceptForm,
    InviteForm,
    JoinApiForm,
    JoinForm,
    ManageLinkRequestForm,
)

__all__ = [
    "ConsentFormMixin",
    "DecisionForm",
    "GDSFormMixin",
    "GroupApiEditForm",
    "GroupApiForm",
    "GroupEditForm",
    "GroupRegistrationForm",
    "HandoverForm",
    "InvitationAcceptForm",
    "InviteForm",
    "JoinApiForm",
    "JoinForm",
    "ManageLinkRequestForm",
    "PrivacyNoticeMixin",
    "SpamProtectedFormMixin",
]
