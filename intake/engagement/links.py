"""Signed links for engagement requests: the requester's status page and each champion's
page for handling a request. Nobody needs an account."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from intake.tokens import absolute_url

DAY = 60 * 60 * 24
_SALTS = {"status": "engagement.status", "champion": "engagement.champion"}


def _max_age(purpose: str) -> int:
    days = {
        "status": settings.ENGAGEMENT_STATUS_LINK_DAYS,
        "champion": settings.ENGAGEMENT_CHAMPION_LINK_DAYS,
    }[purpose]
    return int(days) * DAY


def link_token_make(*, purpose: str, payload: dict) -> str:
    return signing.dumps(payload, salt=_SALTS[purpose], compress=True)


def link_token_read(*, purpose: str, token: str) -> dict | None:
    """The payload of a valid token, or None when it is forged, mangled or expired."""
    if not isinstance(token, str) or not token or len(token) > 1000:
        return None
    try:
        payload = signing.loads(token, salt=_SALTS[purpose], max_age=_max_age(purpose))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


def status_token(*, reference: str) -> str:
    return link_token_make(purpose="status", payload={"r": reference})


def status_link(*, reference: str, token: str | None = None) -> str:
    token = token or status_token(reference=reference)
    return absolute_url(reverse("engagement:request_status", kwargs={"token": token}))


def champion_link(*, engagement_request_id: int, champion_id: int) -> str:
    token = link_token_make(
        purpose="champion", payload={"r": engagement_request_id, "c": champion_id}
    )
    return absolute_url(reverse("engagement:champion_request", kwargs={"token": token}))
