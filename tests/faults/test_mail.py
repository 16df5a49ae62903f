"""A mail server that hangs or refuses: registrations are stored and answered promptly, and
every email is delivered exactly once when a real SMTP server is back."""

import time
from email import message_from_bytes

from django.core.management import call_command

import pytest
from aiosmtpd.controller import Controller

from intake.models import UserGroup
from intake.submissions.emails import mail_breaker
from intake.submissions.models import OutboundEmail
from tests.forms import rendering
from tests.processes import HungServer, free_port

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def _smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1


def _register(client, group_post, number: int, capture) -> float:
    # Each registration is a rendering of its own (one rendering serves one submission).
    data = {
        **group_post,
        **rendering(),
        "name": f"Curlew statistics forum {number}",
        "carry_on": "1",
    }
    data["contact_email"] = f"curlew{number}@example.gov.uk"
    started = time.perf_counter()
    with capture(execute=True):
        response = client.post("/groups/register/", data)
    assert response.status_code == 302, response.content[:500]
    return time.perf_counter() - started


def _recover(settings, port: int) -> None:
    """The mail server is back: make every queued email due and run the command twice."""
    _smtp(settings, port)
    mail_breaker().reset()
    OutboundEmail.objects.update(next_attempt_at=OutboundEmail.objects.first().created_at)
    call_command("send_queued_emails")
    call_command("send_queued_emails")


@pytest.mark.parametrize("fault", ["hung", "refusing"])
def test_registrations_survive_a_failing_mail_server_and_every_email_arrives_once(
    client, settings, group_post, django_capture_on_commit_callbacks, smtp_inbox, fault
):
    settings.INTAKE_POST_RATE = "100/h"
    with HungServer() as hung:
        _smtp(settings, hung.port if fault == "hung" else free_port())
        times = [
            _register(client, group_post, n, django_capture_on_commit_callbacks) for n in range(5)
        ]
    assert UserGroup.objects.filter(name__startswith="Curlew statistics forum").count() == 5
    assert times[0] < 1 + 3.0, "the first registration waits at most the mail timeout"
    tried = OutboundEmail.objects.filter(attempts__gt=0).count()
    assert tried == 1, f"{tried} emails tried the failing server: the breaker keeps the rest queued"
    waiting = OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT)
    assert waiting.count() == OutboundEmail.objects.count() >= 5

    port, inbox = smtp_inbox
    _recover(settings, port)
    recipients = sorted(address for rcpt_tos, _message in inbox.messages for address in rcpt_tos)
    contacts = sorted(f"curlew{n}@example.gov.uk" for n in range(5))
    assert [address for address in recipients if address.startswith("curlew")] == contacts
    assert len(inbox.messages) == OutboundEmail.objects.count(), "each email exactly once"
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
