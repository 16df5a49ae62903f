"""Nothing given up in silence: emails the outbox stopped trying and index changes that keep
failing are counted on the admin home page, listed with their errors, and sent again on
request (or by the command, after an outage)."""

import re

from django.core import mail
from django.core.management import call_command

import pytest

from intake.submissions.models import OutboundEmail
from search.models import OutboxEntry

pytestmark = pytest.mark.django_db


def _given_up(subject: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=["contact@example.gov.uk"], subject=subject, body_text="Your link", template="test",
        status=OutboundEmail.Status.FAILED, attempts=8, last_error="SMTPServerDisconnected",
    )  # fmt: skip


def _panel(html: str) -> dict[str, str]:
    """The "Not delivered" panel's links, text to address ({} when it is not shown)."""
    match = re.search(r'aria-labelledby="delivery-problems-heading".*?</section>', html, re.S)
    if not match:
        return {}
    return {text: href for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', match[0])}


def test_the_admin_home_says_nothing_when_everything_was_delivered(client, editor):
    client.force_login(editor)
    assert _panel(client.get("/admin/").content.decode()) == {}


def test_an_email_given_up_on_is_counted_listed_and_sent_again(
    client, editor, django_capture_on_commit_callbacks
):
    first, second = _given_up("Confirm your registration"), _given_up("Your manage link")
    client.force_login(editor)
    panel = _panel(client.get("/admin/").content.decode())
    assert panel == {"2 emails not sent: send them again": "/admin/intake/outboundemail/resend/"}

    page = client.get(panel["2 emails not sent: send them again"]).content.decode()
    assert "Confirm your registration" in page and "SMTPServerDisconnected" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/intake/outboundemail/resend/", {"email": [str(first.pk), str(second.pk)]}
        )
    assert response.status_code == 302
    assert sorted(message.subject for message in mail.outbox) == [
        "Confirm your registration",
        "Your manage link",
    ]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert _panel(client.get("/admin/").content.decode()) == {}


def test_the_command_resends_every_email_given_up_on(django_capture_on_commit_callbacks, capsys):
    _given_up("One"), _given_up("Two")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_queued_emails", "--resend-failed")
    assert "Queued 2 emails" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    assert not OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).exists()


def test_resending_only_touches_emails_given_up_on(client, editor):
    sent = OutboundEmail.objects.create(
        to=["a@example.com"], subject="Sent", body_text="x", template="t", status="sent"
    )
    client.force_login(editor)
    client.post("/admin/intake/outboundemail/resend/", {"email": [str(sent.pk), "nonsense"]})
    sent.refresh_from_db()
    assert sent.status == "sent" and not mail.outbox


def test_failing_index_changes_are_counted_and_tried_again(client, editor):
    from tests.search.factories import UserGroupFactory

    group = UserGroupFactory(name="Lapwing statistics forum")
    OutboxEntry.objects.update_or_create(
        backend="database", kind="group", object_id=group.pk,
        defaults={"attempts": 5, "last_error": "OperationalError: database is locked"},
    )  # fmt: skip
    client.force_login(editor)
    panel = _panel(client.get("/admin/").content.decode())
    assert panel == {"1 search index change still failing": "/admin/search-outbox/"}
    page = client.get("/admin/search-outbox/").content.decode()
    assert "database is locked" in page
    assert client.post("/admin/search-outbox/").status_code == 302
    assert not OutboxEntry.objects.exists()
    assert _panel(client.get("/admin/").content.decode()) == {}
