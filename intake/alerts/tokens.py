"""Signed links in alert emails. Unsubscribe links never expire: leaving must always work."""

from django.core import signing
from django.urls import reverse

from intake.submissions.tokens import absolute_url

DAY = 60 * 60 * 24
MAX_AGE = {"follow-confirm": 7 * DAY, "follow-manage": 90 * DAY, "unsubscribe": None}


def alert_token_make(*, purpose: str, payload) -> str:
    return signing.dumps(payload, salt=f"alerts.{purpose}", compress=True)


def alert_token_read(*, purpose: str, token: str):
    """The payload of a valid token, or None when it is forged, mangled or expired."""
    if not isinstance(token, str) or not token or len(token) > 2000:
        return None
    try:
        return signing.loads(token, salt=f"alerts.{purpose}", max_age=MAX_AGE[purpose])
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _link(url_name: str, purpose: str, payload) -> str:
    token = alert_token_make(purpose=purpose, payload=payload)
    return absolute_url(reverse(url_name, kwargs={"token": token}))


def confirm_link(*, public_id, theme_ids, group_ids, frequency) -> str:
    """The choices travel in the link, so only the owner of the address can change them."""
    payload = {
        "f": str(public_id),
        "t": sorted(theme_ids),
        "g": sorted(group_ids),
        "q": frequency,
    }
    return _link("alerts:confirm", "follow-confirm", payload)


def manage_link(*, public_id) -> str:
    return _link("alerts:manage", "follow-manage", str(public_id))


def unsubscribe_link(*, public_id) -> str:
    return _link("alerts:unsubscribe", "unsubscribe", str(public_id))
