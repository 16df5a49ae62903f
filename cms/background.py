"""Background work through one task queue (django-tasks).

By default tasks run in the web process: one enqueued while a request is being handled runs once
its response has been sent, on a thread of its own (``make run`` needs no second process, and
nobody waits for the mail server, neither for their own confirmation nor for a free web thread);
one enqueued anywhere else (a command, the shell) runs at once. With ``TASKS_BACKEND=database``
they wait in the database for ``manage.py db_worker``, and work that fails there
(the mail server or Elasticsearch down) is queued again for its next attempt, so the worker alone
delivers everything once the dependency is back. The stored records (the email outbox, the
search outbox) stay the source of truth: a task only says "try this now", and the scheduled
commands catch up whatever no task holds.
"""

import concurrent.futures
import logging
import os
import threading
from datetime import datetime

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger("hub.background")

# The tasks enqueued during the request this thread is handling (None between requests).
_request = threading.local()


class AfterResponseBackend(ImmediateBackend):
    """django-tasks' in-process backend, holding each task enqueued during a request until the
    response has gone (``request_finished``: after the last byte under gunicorn and the test
    client alike), then handing it to the process's after-response thread."""

    def _execute_task(self, task_result) -> None:
        held = getattr(_request, "held", None)
        if held is None:
            super()._execute_task(task_result)
        else:
            held.append((self, task_result))


class _AfterResponseThread:
    """One thread per process that runs, in order, what requests held back. The web thread is
    free for the next visitor at once: were it to send the email itself, a hung mail server
    would hold every web thread in turn and visitors would queue for one. Work still waiting
    when the process exits is finished first; what a killed process loses is still in the
    outboxes, where the scheduled commands find it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pool, self._pid = None, None
        self._pending: set[concurrent.futures.Future] = set()

    def submit(self, work, *args, **kwargs) -> None:
        with self._lock:
            if self._pid != os.getpid():  # a forked worker starts a thread of its own
                self._pool = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="hub-after-response"
                )
                self._pid, self._pending = os.getpid(), set()
            future = self._pool.submit(self._run, work, *args, **kwargs)
            self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    @staticmethod
    def _run(work, *args, **kwargs) -> None:
        # Nobody reads the future: whatever fails here, the connections included, is logged.
        try:
            close_old_connections()
            work(*args, **kwargs)
            close_old_connections()
        except Exception:  # one failure must not stop the work behind it
            name = getattr(work, "__qualname__", repr(work))
            logger.exception("work after a response failed", extra={"work": name})

    def wait(self, seconds: float) -> bool:
        """Wait until everything handed over so far has run; whether it all did in time."""
        return not concurrent.futures.wait(list(self._pending), timeout=seconds).not_done


_after_response = _AfterResponseThread()


def after_response(work, *args, **kwargs) -> None:
    """Run ``work(*args, **kwargs)`` on the process's after-response thread."""
    _after_response.submit(work, *args, **kwargs)


def after_response_done(seconds: float = 10.0) -> bool:
    """Wait for the after-response thread to finish what it holds (tests wait on it)."""
    return _after_response.wait(seconds)


def _run_tasks(held) -> None:
    for backend, task_result in held:
        ImmediateBackend._execute_task(backend, task_result)  # a task's own failure is caught


def _run_held(**_kwargs) -> None:
    held, _request.held = getattr(_request, "held", None) or [], None
    if held:
        after_response(_run_tasks, held)


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
