"""Signed links are never shown to editors, and acting through one is in the audit trail."""

from django.contrib.auth import get_user_model
from django.test import Client

from wagtail.models import ModelLogEntry

import pytest

from cms.security.audit import SIGNED_LINK_ACTION
from cms.security.redaction import HIDDEN, text_redact_links
from intake.links import manage_link
from intake.models import UserGroup
from intake.submissions.models import OutboundEmail
from tests.intake.factories import MembershipFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def test_redaction_hides_tokens_and_keeps_ordinary_links():
    token_link = manage_link(group=UserGroup(pk=41, contact_email="c@example.org"))
    token = token_link.rstrip("/").rsplit("/", 1)[1]
    text = f"Manage it here: {token_link}\nRead more at http://testserver/groups/census-users/"
    redacted = text_redact_links(text)
    assert token not in redacted
    assert f"http://testserver/manage/{HIDDEN}/" in redacted
    assert "http://testserver/groups/census-users/" in redacted


def test_outbox_inspect_view_hides_the_manage_link(client):
    group = UserGroupFactory()
    link = manage_link(group=group)
    token = link.rstrip("/").rsplit("/", 1)[1]
    email = OutboundEmail.objects.create(
        to=[group.contact_email],
        subject="Manage your listing",
        body_text=f"Use this link to manage your listing:\n{link}\n",
        template="manage_link",
    )
    editor = get_user_model().objects.create_superuser("outbox-ed", "o@example.org", "pw")
    client.force_login(editor)
    page = client.get(f"/admin/intake/outboundemail/inspect/{email.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Use this link to manage your listing" in body
    assert token not in body
    assert HIDDEN in body
    listing = client.get("/admin/intake/outboundemail/")
    assert listing.status_code == 200 and token not in listing.content.decode()


def test_acting_through_a_manage_link_is_in_the_audit_trail():
    group = UserGroupFactory()
    MembershipFactory(group=group)
    path = manage_link(group=group).removeprefix("http://testserver")
    holder = Client()
    assert holder.get(path, REMOTE_ADDR="192.0.2.5").status_code == 200
    assert not ModelLogEntry.objects.filter(action=SIGNED_LINK_ACTION).exists()  # only looking

    csv = holder.get(f"{path}members.csv", REMOTE_ADDR="192.0.2.5")
    assert csv.status_code == 200
    holder.post(f"{path}confirm/", REMOTE_ADDR="192.0.2.5")
    entries = ModelLogEntry.objects.filter(action=SIGNED_LINK_ACTION).order_by("timestamp", "pk")
    assert [(e.object_id, e.data["what"], e.data["ip"]) for e in entries] == [
        (str(group.pk), "manage_members_csv", "192.0.2.5"),
        (str(group.pk), "manage_confirm_current", "192.0.2.5"),
    ]
    assert entries[0].user is None
    assert entries[0].message == "Acted through a signed link"
