"""Helpers for tests that post the public forms and follow the links in the emails they send."""

import re
import time

from django.core import mail

from intake import spam

LINK = re.compile(r"http://testserver(/[^\s\"<>]+)")


def aged_timestamp(seconds: float = 60) -> str:
    """A signed form start time far enough in the past to pass the minimum fill time."""
    return spam.timestamp_issue(now=time.time() - seconds)


def links_in(message, *, containing: str = "") -> list[str]:
    """The hub paths linked from an email's plain text body, in order."""
    return [path for path in LINK.findall(message.body) if containing in path]


def emails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]
