"""Signed links (manage, leave, confirm, status, champion) are bearer secrets: whoever holds
one acts as the person it was sent to. Anywhere the hub shows a copy of an email to editors,
the secret part of each link is hidden."""

import re

HIDDEN = "[signed link hidden]"

# A path segment that carries a signature: Django's signing tokens hold a ":" and long
# base64 runs; anything of 20 or more URL-safe characters with a digit or a mix of cases is
# treated the same way.
_URL = re.compile(r"https?://[^\s<>\"']+")
_SECRET_SEGMENT = re.compile(r"^(?=.*[:])[\w\-:.]{16,}$|^(?=.*\d)(?=.*[A-Za-z])[\w\-]{20,}$")


def _redact_url(match: re.Match) -> str:
    url = match.group(0)
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    path, _, query = path.partition("?")
    segments = path.split("/")
    redacted = [HIDDEN if _SECRET_SEGMENT.match(s) else s for s in segments]
    if query:
        return f"{scheme}://{host}/{'/'.join(redacted)}?{HIDDEN}"
    return f"{scheme}://{host}/{'/'.join(redacted)}"


def text_redact_links(text: str) -> str:
    """The text with the secret part of every signed link replaced by ``HIDDEN``."""
    return _URL.sub(_redact_url, text or "")
