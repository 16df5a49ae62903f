"""Background work through one task queue (django-tasks).

By default tasks run in the web process: one enqueued while a request is being handled runs once
its response has been sent (``make run`` needs no second process, and nobody waits for the mail
server before seeing their confirmation); one enqueued anywhere else (a command, the shell) runs at
once. With ``TASKS_BACKEND=database`` they wait in the database for ``manage.py db_worker``,
and work that fails there (the mail server or Elasticsearch down) is queued again for its next
attempt, so the worker alone delivers everything once the dependency is back. The stored records
(the email outbox, the search outbox) stay the source of truth: a task only says "try this now",
and the scheduled commands catch up whatever no task holds.
"""

import logging
import threading
from datetime import datetime

from django.core.signals import request_finished, request_started

from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger("hub.background")

# The tasks enqueued during the request this thread is handling (None between requests).
_request = threading.local()


class AfterResponseBackend(ImmediateBackend):
    """django-tasks' in-process backend, holding each task enqueued during a request until the
    response has gone (``request_finished``: after the last byte under gunicorn and the test
    client alike)."""

    def _execute_task(self, task_result) -> None:
        held = getattr(_request, "held", None)
        if held is None:
            super()._execute_task(task_result)
        else:
            held.append((self, task_result))


def _run_held(**_kwargs) -> None:
    held, _request.held = getattr(_request, "held", None) or [], None
    for backend, task_result in held:
        ImmediateBackend._execute_task(backend, task_result)  # a task's own failure is caught


def _hold(**kwargs) -> None:
    _run_held()  # a request that never finished leaves nothing behind
    _request.held = []


request_started.connect(_hold, dispatch_uid="hub_background:hold")
request_finished.connect(_run_held, dispatch_uid="hub_background:run")


def runs_in_process() -> bool:
    """Whether background work runs in the web process (no separate worker)."""
    from django_tasks import default_task_backend
    from django_tasks.backends.immediate import ImmediateBackend

    return isinstance(default_task_backend, ImmediateBackend)


def retry_on_worker(task, *, at: datetime, **kwargs) -> bool:
    """Queue ``task`` again to run at ``at`` when a worker runs the queue. In-process there is
    nobody to wake later: the scheduled commands retry instead. Returns whether it was queued."""
    if runs_in_process():
        return False
    try:
        task.using(run_after=at).enqueue(**kwargs)
    except Exception:  # the queue itself is down: the scheduled commands catch up
        logger.exception("retry not queued", extra={"task": task.name})
        return False
    return True
