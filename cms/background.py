"""Background work through one task queue (django-tasks).

By default tasks run in the web process after the response is ready (``make run`` needs no second
process). With ``TASKS_BACKEND=database`` they wait in the database for ``manage.py db_worker``,
and work that fails there (the mail server or Elasticsearch down) is queued again for its next
attempt, so the worker alone delivers everything once the dependency is back. The stored records
(the email outbox, the search outbox) stay the source of truth: a task only says "try this now",
and the scheduled commands catch up whatever no task holds.
"""

import logging
from datetime import datetime

logger = logging.getLogger("hub.background")


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
