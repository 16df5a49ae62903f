"""Search work for the task queue: in the web process by default, on `db_worker` at scale."""

from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from django_tasks import task

from cms.background import retry_on_worker
from search import indexing
from search.backends import search_breaker
from search.models import OutboxEntry


@task()
def apply_index_changes(*, kind: str, object_ids: list[int]) -> dict[str, int]:
    """Apply the outbox rows of these objects (decided from the database as it is then). On a
    worker, rows that could not be applied are queued again for their next attempt."""
    outcome = indexing.outbox_process(kind=kind, object_ids=object_ids, eager=True)
    if outcome["failed"]:
        left = OutboxEntry.objects.filter(kind=kind, object_id__in=object_ids)
        backends = set(left.values_list("backend", flat=True))
        waiting = max((search_breaker(name).seconds_left() for name in backends), default=0)
        due = left.aggregate(due=Min("next_attempt_at"))["due"] or timezone.now()
        at = max(due, timezone.now() + timedelta(seconds=waiting))
        ids = sorted(set(left.values_list("object_id", flat=True)))
        if ids:
            retry_on_worker(apply_index_changes, at=at, kind=kind, object_ids=ids)
    return outcome
