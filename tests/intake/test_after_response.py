"""In-process background work runs after the response: a registration's email is sent once the
person has their confirmation page, never while they wait for it, and exactly once."""

import threading
import time

from django.core import mail
from django.core.signals import request_finished, request_started

import pytest

from cms.background import after_response, after_response_done
from intake.models import UserGroup
from intake.submissions.emails import send_email_task
from intake.submissions.models import OutboundEmail
from tests.forms import rendering

AFTER_RESPONSE = {"default": {"BACKEND": "cms.background.AfterResponseBackend"}}


@pytest.fixture
def tasks_after_response(settings):
    settings.TASKS = AFTER_RESPONSE


def _stored_email() -> int:
    """An email in the outbox that nothing has tried to send yet."""
    return OutboundEmail.objects.create(
        to=["kite@example.org"], subject="Hello", body_text="Hello", template="group_verify"
    ).pk


def _sent(email_id: int) -> bool:
    return OutboundEmail.objects.get(pk=email_id).status == OutboundEmail.Status.SENT


@pytest.mark.django_db
def test_outside_a_request_a_task_runs_at_once(tasks_after_response):
    email_id = _stored_email()
    send_email_task.enqueue(email_id=email_id)
    assert _sent(email_id) and len(mail.outbox) == 1


# The held work runs on a thread of its own, with its own database connection: these tests
# commit what it reads.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_during_a_request_a_task_waits_for_the_response_to_finish(tasks_after_response):
    email_id = _stored_email()
    request_started.send(sender=None)
    send_email_task.enqueue(email_id=email_id)
    send_email_task.enqueue(email_id=email_id)  # a second try of the same email sends nothing
    assert not _sent(email_id) and not mail.outbox, "nothing is sent while the person waits"
    request_finished.send(sender=None)
    assert after_response_done()
    assert _sent(email_id) and len(mail.outbox) == 1
    request_finished.send(sender=None)
    assert after_response_done()
    assert len(mail.outbox) == 1, "held work runs once"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_work_held_by_a_request_that_never_finished_runs_when_the_next_one_starts(
    tasks_after_response,
):
    email_id = _stored_email()
    request_started.send(sender=None)
    send_email_task.enqueue(email_id=email_id)
    request_started.send(sender=None)
    assert after_response_done()
    assert _sent(email_id)
    request_finished.send(sender=None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_held_work_leaves_the_web_thread_free(tasks_after_response):
    """The web thread goes back to serving as soon as its response has gone, however long the
    held work takes (a hung mail server would otherwise hold every web thread in turn)."""
    release = threading.Event()
    ran_on = []

    def slow_work():
        ran_on.append(threading.current_thread().name)
        release.wait(10)

    request_started.send(sender=None)
    after_response(slow_work)
    started = time.monotonic()
    request_finished.send(sender=None)
    assert time.monotonic() - started < 1, "the request's thread did not wait for the work"
    assert not after_response_done(0.2), "the work is still running elsewhere"
    release.set()
    assert after_response_done()
    assert ran_on and ran_on[0] != threading.current_thread().name


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_registration_is_answered_and_its_email_then_sent_once(
    tasks_after_response, client, group_post, settings
):
    settings.INTAKE_MIN_FILL_SECONDS = 0
    response = client.post("/groups/register/", {**group_post, **rendering(), "carry_on": "1"})
    assert response.status_code == 302, response.content[:500]
    assert after_response_done()
    group = UserGroup.objects.get(name=group_post["name"])
    assert [m.to for m in mail.outbox] == [[group.contact_email]]
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


@pytest.mark.django_db  # the thread checks its own database connections before each piece
def test_work_that_fails_is_logged_by_name_and_the_work_behind_it_still_runs(caplog):
    ran = []

    def search_drain():
        raise RuntimeError("the cluster is down")

    with caplog.at_level("ERROR", logger="hub.background"):
        after_response(search_drain)
        after_response(ran.append, "next")
        assert after_response_done()
    assert ran == ["next"]
    [record] = [r for r in caplog.records if r.getMessage() == "work after a response failed"]
    assert record.work.endswith("search_drain") and record.exc_info
