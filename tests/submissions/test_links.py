"""Signed links: one way of making and checking them for every journey, and their lifetimes
told to people from the lifetimes the links really have."""

import re
import uuid
from pathlib import Path

from django.core import signing
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string

import pytest

from intake.submissions import tokens

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LITERAL_LIFETIME = re.compile(r"works? for \d+ (day|days|week|weeks)\b")


def test_alert_links_sent_before_keep_working():
    """Alert links were once signed by the alerts app itself, with salts of its own."""
    public_id = str(uuid.uuid4())
    for purpose in ("follow-confirm", "follow-manage", "unsubscribe"):
        sent = signing.dumps(public_id, salt=f"alerts.{purpose}", compress=True)
        assert tokens.token_read(purpose=purpose, token=sent) == public_id
    confirm = tokens.token_make(purpose="follow-confirm", payload=public_id)
    assert tokens.token_read(purpose="follow-manage", token=confirm) is None


def test_no_page_or_email_states_a_links_lifetime_in_its_own_words():
    stated = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in (".html", ".txt")
        for match in LITERAL_LIFETIME.finditer(path.read_text())
    ]
    assert not stated, "say {% link_lifetime purpose %} instead:\n" + "\n".join(stated)


def test_a_links_lifetime_is_told_as_the_link_has_it(monkeypatch):
    context = {"links": [], "site_name": "USER hub"}
    assert "Each link works for 14 days." in render_to_string("emails/manage_links.txt", context)
    monkeypatch.setitem(tokens.MAX_AGE, "manage", 90 * tokens.DAY)
    assert "Each link works for 3 months." in render_to_string("emails/manage_links.txt", context)


def test_a_link_that_never_expires_has_no_lifetime_to_state():
    page = Template('{% load link_lifetimes %}{% link_lifetime "leave" %}')
    with pytest.raises(TemplateSyntaxError, match="'leave' links never expire"):
        page.render(Context())
