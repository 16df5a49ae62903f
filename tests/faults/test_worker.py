"""The worker shape (TASKS_BACKEND=database): no web request talks to the mail server or
Elasticsearch for a write, so registrations stay quick when both hang; `db_worker` then
delivers every email once."""

import time

from django.core.management import call_command

import pytest

from intake.models import UserGroup
from intake.submissions.models import OutboundEmail
from tests.faults.test_mail import _register, _smtp, smtp_inbox  # noqa: F401
from tests.processes import HungServer

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_registrations_are_quick_with_mail_and_elasticsearch_hung(
    client,
    settings,
    group_post,
    django_capture_on_commit_callbacks,
    smtp_inbox,  # noqa: F811
    monkeypatch,
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    settings.INTAKE_POST_RATE = "100/h"
    with HungServer() as mail_server, HungServer() as cluster:
        _smtp(settings, mail_server.port)
        # Long timeouts: a request that waited on either would take three seconds or more.
        settings.EMAIL_TIMEOUT = settings.SEARCH_TIMEOUT_SECONDS = 3
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{cluster.port}"
        times = [
            _register(client, group_post, n, django_capture_on_commit_callbacks) for n in range(4)
        ]
        settings.ELASTICSEARCH_URL = ""
    assert mail_server.connections == cluster.connections == 0, "a web request asked them"
    assert max(times) < 3.0, f"a registration waited for a hung dependency: {times}"
    assert UserGroup.objects.filter(name__startswith="Curlew statistics forum").count() == 4
    assert not OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).exists()
    assert DBTaskResult.objects.count() >= 4, "the work waits for the worker"

    port, inbox = smtp_inbox
    _smtp(settings, port)
    # The worker runs here, inside the test's transaction: it must not close the connection
    # between tasks, as a worker process does (on PostgreSQL that would end the transaction).
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    started = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.05")
    assert time.perf_counter() - started < 30
    delivered = sorted(a for rcpt_tos, _m in inbox.messages for a in rcpt_tos if "curlew" in a)
    assert delivered == sorted(f"curlew{n}@example.gov.uk" for n in range(4))
    assert len(inbox.messages) == OutboundEmail.objects.count(), "each email exactly once"
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
