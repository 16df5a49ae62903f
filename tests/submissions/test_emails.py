"""The outbox: persisted first, sent after commit, retried with back-off when the server fails."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

import pytest

from intake import services
from intake.models import Membership
from intake.submissions.emails import MAX_ATTEMPTS, email_send
from intake.submissions.models import OutboundEmail
from tests.intake.factories import UserGroupFactory

pytestmark = pytest.mark.django_db

FAILING = "tests.submissions.test_emails.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server unreachable")


def _join(group):
    return services.membership_request(
        group_id=group.pk, data={"name": "Ann", "email": "ann@example.org", "consent": True}
    )


def test_nothing_is_sent_or_stored_when_the_transaction_rolls_back():
    group = UserGroupFactory(status="pending")  # not joinable: the service refuses
    with pytest.raises(Exception):  # noqa: B017
        _join(group)
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_sent_after_commit_and_marked_sent(django_capture_on_commit_callbacks):
    group = UserGroupFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _join(group)
    stored = OutboundEmail.objects.get()
    assert stored.status == OutboundEmail.Status.QUEUED
    assert mail.outbox == [], "nothing leaves before the commit"
    for callback in callbacks:
        callback()
    stored.refresh_from_db()
    assert stored.status == OutboundEmail.Status.SENT
    assert stored.attempts == 1
    (message,) = mail.outbox
    assert message.to == ["ann@example.org"]
    assert "<html" in message.alternatives[0][0]


def test_failing_mail_server_keeps_the_submission_and_retries(
    settings, client, join_post_for_group, django_capture_on_commit_callbacks
):
    group, data = join_post_for_group
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/groups/{group.slug}/join/", data)
    assert response.status_code == 302, "the person still sees the success page"
    assert Membership.objects.filter(email="ada@example.org").exists()
    stored = OutboundEmail.objects.get()
    assert stored.status == OutboundEmail.Status.QUEUED
    assert stored.attempts == 1
    assert "ConnectionRefusedError" in stored.last_error
    assert stored.next_attempt_at > timezone.now()

    # Not due yet: the command leaves it alone.
    out = StringIO()
    call_command("send_queued_emails", stdout=out)
    assert "Sent 0" in out.getvalue()

    # The server is back and the back-off has passed.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_queued_emails", stdout=out)
    stored.refresh_from_db()
    assert stored.status == OutboundEmail.Status.SENT
    assert stored.attempts == 2
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]


def test_back_off_grows_and_gives_up(settings):
    settings.EMAIL_BACKEND = FAILING
    email = OutboundEmail.objects.create(
        to=["x@example.org"], subject="Hi", body_text="Hi", template="test"
    )
    delays = []
    for _ in range(MAX_ATTEMPTS):
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        assert email_send(email_id=email.pk) is False
        email.refresh_from_db()
        delays.append(email.next_attempt_at - before)
    assert delays[1] > delays[0]
    assert delays[3] > delays[2]
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS


def test_an_email_is_never_sent_twice():
    email = OutboundEmail.objects.create(
        to=["x@example.org"], subject="Hi", body_text="Hi", template="test"
    )
    assert email_send(email_id=email.pk) is True
    assert email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_a_stale_claim_is_picked_up_again():
    email = OutboundEmail.objects.create(
        to=["x@example.org"],
        subject="Hi",
        body_text="Hi",
        template="test",
        status=OutboundEmail.Status.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    call_command("send_queued_emails", stdout=StringIO())
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_user_text_is_escaped_in_html_emails(django_capture_on_commit_callbacks):
    group = UserGroupFactory(name="Rates & <script>alert(1)</script> users")
    with django_capture_on_commit_callbacks(execute=True):
        _join(group)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Rates & <script>" in message.body, "the plain text keeps the characters as typed"
