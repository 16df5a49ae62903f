"""Signed, expiring links: the only way producers, members and requesters act, since they have
no accounts. Each journey builds its own links from ``link_for``."""

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

DAY = 60 * 60 * 24
# What every signed link that no longer works says, whichever journey it belongs to.
INVALID_LINK = (
    "This link has expired or is not valid. Use the most recent link we sent you, "
    "or contact the hub team."
)
# How long each kind of link works. Leaving a group and unsubscribing from alerts never expire:
# leaving must always be possible.
MAX_AGE = {
    "group-verify": 7 * DAY,
    "manage": 14 * DAY,
    "membership-confirm": 7 * DAY,
    "handover": 7 * DAY,
    "invite": 14 * DAY,
    "leave": None,
    "follow-confirm": 7 * DAY,
    "follow-manage": 90 * DAY,
    "unsubscribe": None,
}


# Links whose lifetime is a setting (in days): an engagement request's status page and a
# champion's page for handling it.
_DAYS_SETTING = {
    "engagement-status": "ENGAGEMENT_STATUS_LINK_DAYS",
    "engagement-champion": "ENGAGEMENT_CHAMPION_LINK_DAYS",
}
# The salts engagement and alert links were first signed with, so that links already sent keep
# working.
_SALTS = {
    "engagement-status": "engagement.status",
    "engagement-champion": "engagement.champion",
    "follow-confirm": "alerts.follow-confirm",
    "follow-manage": "alerts.follow-manage",
    "unsubscribe": "alerts.unsubscribe",
}


def _salt(purpose: str) -> str:
    return _SALTS.get(purpose, f"intake.{purpose}")


def _max_age(purpose: str) -> int | None:
    setting = _DAYS_SETTING.get(purpose)
    return int(getattr(settings, setting)) * DAY if setting else MAX_AGE[purpose]


def link_lifetime_days(purpose: str) -> int | None:
    """How many days a link of this kind works, as forms and emails tell people (None: it
    never expires)."""
    seconds = _max_age(purpose)
    return None if seconds is None else seconds // DAY


def token_make(*, purpose: str, payload) -> str:
    return signing.dumps(payload, salt=_salt(purpose), compress=True)


def token_read(*, purpose: str, token: str):
    """The payload of a valid token, or None when it is forged, mangled or expired."""
    if not isinstance(token, str) or not token or len(token) > 2000:
        return None
    try:
        return signing.loads(token, salt=_salt(purpose), max_age=_max_age(purpose))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def absolute_url(path: str) -> str:
    return settings.HUB_BASE_URL.rstrip("/") + path


def link_for(*, url_name: str, purpose: str, payload) -> str:
    token = token_make(purpose=purpose, payload=payload)
    return absolute_url(reverse(url_name, kwargs={"token": token}))


def is_uuid(value) -> bool:
    """Whether a token's payload can name a record (its public id is a UUID)."""
    try:
        uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return False
    return True
