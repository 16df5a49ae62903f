"""Spam protection without a CAPTCHA, shared by every intake form.

* a honeypot field people never see: when it is filled the view shows the normal success page
  and saves nothing;
* a signed timestamp: a form sent back in under a second is refused, and one sent within a few
  seconds only when it also looks automated (links in what was typed), so a person using
  autofill never notices the check. The timestamp is signed together with the rendering's
  submission id (``intake.submissions.once``), so one rendering of a form serves one
  submission: the same timestamp sent with another submission id is refused like an expired
  form, and the same id again is a resubmit, which stores nothing new;
* a per-IP rate limit on every POST, counted in the configured cache so it holds across workers.
"""

import functools
import logging
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render

from django_ratelimit.core import is_ratelimited

from cms.client_address import client_address

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "nickname"
TIMESTAMP_FIELD = "form_started"
_TIMESTAMP_SALT = "intake.form-started"
# A form older than this is stale: the person is asked to send it again.
_TIMESTAMP_MAX_AGE = 60 * 60 * 24


def min_fill_seconds() -> float:
    """Faster than this, no person sent the form, autofill or not."""
    return float(settings.INTAKE_MIN_FILL_SECONDS)


def suspicious_fill_seconds() -> float:
    """Faster than this, a form that also looks automated is refused."""
    return float(settings.INTAKE_SUSPICIOUS_FILL_SECONDS)


_LINK_MARKERS = ("http://", "https://", "www.", "[url", "<a ")


def looks_automated(*, data, skip: tuple[str, ...] = ()) -> bool:
    """Whether what was typed carries a spam signal: a link in a free-text answer (fields
    meant for a web address are in ``skip``)."""
    for name in data:
        if name in skip or name in (HONEYPOT_FIELD, TIMESTAMP_FIELD, "csrfmiddlewaretoken"):
            continue
        for value in data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]:
            text = str(value or "").lower()
            if any(marker in text for marker in _LINK_MARKERS):
                return True
    return False


def post_rate() -> str:
    return settings.INTAKE_POST_RATE


EXPIRED = "This form has expired. Check your answers and send the form again."


def timestamp_issue(*, submission: str, now: float | None = None) -> str:
    """A signed record of when the form was shown, for this rendering's submission id."""
    started = now if now is not None else time.time()
    return signing.dumps({"t": started, "s": submission}, salt=_TIMESTAMP_SALT)


def timestamp_problem(
    *, value: str | None, submission: str, now: float | None = None, suspicious: bool = False
) -> str | None:
    """Why a form timestamp is not acceptable, as a sentence for the person, or None if fine.

    ``submission``: the submission id sent with the form; the timestamp must have been issued
    for it. ``suspicious``: another signal says the form may be automated; then the longer
    threshold applies."""
    now = now if now is not None else time.time()
    try:
        signed = signing.loads(value or "", salt=_TIMESTAMP_SALT, max_age=_TIMESTAMP_MAX_AGE)
        started, issued_for = float(signed["t"]), str(signed["s"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return EXPIRED
    if not submission or issued_for != submission:
        # Another rendering's timestamp: one rendering serves one submission.
        return EXPIRED
    elapsed = now - started
    if elapsed < min_fill_seconds() or (suspicious and elapsed < suspicious_fill_seconds()):
        return "This form was sent too quickly. Check your answers and send the form again."
    return None


def honeypot_filled(*, data) -> bool:
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def client_ip(request: HttpRequest) -> str:
    return client_address(request)


def _limited(request: HttpRequest, group: str) -> bool:
    limited = is_ratelimited(
        request, group=f"intake:{group}", key="ip", rate=post_rate(), method="POST", increment=True
    )
    if limited:
        logger.warning("rate limit reached", extra={"group": group, "ip": client_ip(request)})
    return limited


def rate_limited_page(request: HttpRequest):
    """The readable 429 page."""
    return render(request, "429.html", status=429)


def rate_limit_post(group: str):
    """Decorate an HTML view: too many POSTs from one IP answer 429 with a readable page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and _limited(request, group):
                return rate_limited_page(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def rate_limit_json(group: str):
    """Decorate a JSON endpoint: too many POSTs from one IP answer 429 with a JSON message."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and _limited(request, group):
                response = JsonResponse(
                    {"detail": "Too many requests from your address. Wait a minute and try again."},
                    status=429,
                )
                response["Retry-After"] = "60"
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
