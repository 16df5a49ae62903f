"""In-process background work runs after the response: a registration's email is sent once the
person has their confirmation page, never while they wait for it, and exactly once."""

from django.core import mail
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

import pytest

from intake.emails import email_queue, send_email_task
from intake.models import OutboundEmail, UserGroup
from tests.forms import rendering

AFTER_RESPONSE = {"default": {"BACKEND": "cms.background.AfterResponseBackend"}}


@pytest.fixture
def after_response(settings):
    settings.TASKS = AFTER_RESPONSE


def _stored_email() -> int:
    with transaction.atomic():
        return email_queue(
            to=["kite@example.org"],
            template="group_verify",
            subject="Hello",
            context={"group": {"name": "Kite forum"}, "verify_url": "/x/"},
        )


@pytest.fixture
def requests_keep_the_connection():
    """Send the request signals as Django's test client does: without closing the database
    connection, which holds the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _sent(email_id: int) -> bool:
    return OutboundEmail.objects.get(pk=email_id).status == OutboundEmail.Status.SENT


@pytest.mark.django_db
def test_outside_a_request_a_task_runs_at_once(after_response):
    email_id = _stored_email()
    send_email_task.enqueue(email_id=email_id)
    assert _sent(email_id) and len(mail.outbox) == 1


@pytest.mark.django_db
def test_during_a_request_a_task_waits_for_the_response_to_finish(
    after_response, requests_keep_the_connection
):
    email_id = _stored_email()
    request_started.send(sender=None)
    send_email_task.enqueue(email_id=email_id)
    send_email_task.enqueue(email_id=email_id)  # a second try of the same email sends nothing
    assert not _sent(email_id) and not mail.outbox, "nothing is sent while the person waits"
    request_finished.send(sender=None)
    assert _sent(email_id) and len(mail.outbox) == 1
    request_finished.send(sender=None)
    assert len(mail.outbox) == 1, "held work runs once"


@pytest.mark.django_db
def test_work_held_by_a_request_that_never_finished_runs_when_the_next_one_starts(
    after_response, requests_keep_the_connection
):
    email_id = _stored_email()
    request_started.send(sender=None)
    send_email_task.enqueue(email_id=email_id)
    request_started.send(sender=None)
    assert _sent(email_id)
    request_finished.send(sender=None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_registration_is_answered_and_its_email_then_sent_once(
    after_response, client, group_post, settings
):
    settings.INTAKE_MIN_FILL_SECONDS = 0
    response = client.post("/groups/register/", {**group_post, **rendering(), "carry_on": "1"})
    assert response.status_code == 302, response.content[:500]
    group = UserGroup.objects.get(name=group_post["name"])
    assert [m.to for m in mail.outbox] == [[group.contact_email]]
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
