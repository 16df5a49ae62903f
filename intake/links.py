"""The group register's signed links: managing a listing and leaving a group."""

from django.utils.crypto import salted_hmac

from intake.submissions.tokens import link_for


def contact_fingerprint(email: str) -> str:
    """A keyed digest of a contact address: a manage link stops working when the contact
    changes, without the address itself sitting in the URL (history, logs, referrers)."""
    return salted_hmac("intake.manage-contact", (email or "").strip().lower()).hexdigest()[:24]


def manage_link(*, group) -> str:
    return link_for(
        url_name="intake:manage_dashboard",
        purpose="manage",
        payload={"g": str(group.public_id), "c": contact_fingerprint(group.contact_email)},
    )


def leave_link(*, membership) -> str:
    return link_for(
        url_name="intake:membership_leave", purpose="leave", payload=str(membership.public_id)
    )
