"""Signed links for engagement requests: the requester's status page and each champion's
page for handling a request. Nobody needs an account; the links are signed and checked by
``intake.submissions.tokens`` like every other link the hub sends."""

from django.urls import reverse

from intake.submissions.tokens import absolute_url, link_for, token_make

STATUS = "engagement-status"
CHAMPION = "engagement-champion"


def status_token(*, reference: str) -> str:
    return token_make(purpose=STATUS, payload={"r": reference})


def status_link(*, reference: str, token: str | None = None) -> str:
    """The status page's address (with ``token`` when the caller already signed one)."""
    token = token or status_token(reference=reference)
    return absolute_url(reverse("engagement:request_status", kwargs={"token": token}))


def champion_link(*, engagement_request_id: int, champion_id: int) -> str:
    return link_for(
        url_name="engagement:champion_request",
        purpose=CHAMPION,
        payload={"r": engagement_request_id, "c": champion_id},
    )
