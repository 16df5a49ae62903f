"""Index lifecycle through an outbox.

A change writes outbox rows (one per backend) in the same transaction as the change itself;
after commit the rows are applied by id. Whether a row means "index" or "delete" is decided
when it is applied, from the database as it is then: a listed group or a live, public page is
indexed, anything else (pending, archived, draft, deleted) is removed. Failed rows wait with
exponential back-off for ``process_search_outbox`` or the next request.
"""

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cms.editorial.models import HomePage
from intake.models import UserGroup
from search.backends import search_breaker, write_backends
from search.backends.base import SearchUnavailable
from search.documents import GroupDocument, PageDocument
from search.models import IndexRebuild, OutboxEntry

logger = logging.getLogger("search")

KINDS = ("group", "page")
# An index change that failed this many times is shown to editors as "still failing".
FAILING_AFTER_ATTEMPTS = 3
MAX_BACKOFF_SECONDS = 600
BATCH_SIZE = 200


# --- What belongs in the index ---------------------------------------------------------------
def listed_groups():
    try:
        # Imported here so the index falls back to the status alone without the intake app.
        from intake.selectors import group_listed_queryset
    except ImportError:  # pragma: no cover - the intake app provides it
        return UserGroup.objects.filter(status=UserGroup.Status.LISTED)
    return group_listed_queryset()


def searchable_pages():
    """Live, public editorial pages (not the site root or the home page)."""
    from wagtail.models import Page

    return (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .not_type(HomePage)
        .specific()
        .order_by("pk")
    )


def searchable_queryset(kind: str):
    return listed_groups() if kind == "group" else searchable_pages()


DOCUMENT_CLASSES = {"group": GroupDocument, "page": PageDocument}


def prepare_documents(kind: str, ids: Iterable[int]) -> dict[int, dict]:
    """Prepared documents for the ids that belong in the index (others are absent)."""
    document_class = DOCUMENT_CLASSES[kind]
    objects = searchable_queryset(kind).filter(pk__in=list(ids))
    return {obj.pk: document_class.prepare(obj) for obj in objects}


def iter_documents(kind: str, *, chunk_size: int = 500):
    document_class = DOCUMENT_CLASSES[kind]
    queryset = searchable_queryset(kind)
    ids = list(queryset.values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), chunk_size):
        for obj in queryset.filter(pk__in=ids[start : start + chunk_size]).order_by("pk"):
            yield document_class.prepare(obj)


# --- Writing to the outbox -------------------------------------------------------------------
def outbox_enqueue(*, kind: str, object_ids: Iterable[int]) -> None:
    """Record index work for these objects in the current transaction; apply it after commit."""
    object_ids = sorted({int(pk) for pk in object_ids})
    if not object_ids:
        return
    now = timezone.now()
    rows = [
        OutboxEntry(backend=backend, kind=kind, object_id=pk, enqueued_at=now, next_attempt_at=now)
        for backend in write_backends()
        for pk in object_ids
    ]
    OutboxEntry.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["backend", "kind", "object_id"],
        update_fields=["enqueued_at", "next_attempt_at", "attempts"],
    )
    _pending_ids(kind).update(object_ids)
    transaction.on_commit(lambda: _apply_after_commit(kind=kind))


# One change often enqueues the same object several times (a save, then each many-to-many
# field set): the first callback after commit applies every id waiting in this thread, and
# the others find nothing left and cost nothing. Ids from a rolled-back savepoint may wait
# here too: applying them finds no outbox row, which is harmless.
_pending = threading.local()


def _pending_ids(kind: str) -> set[int]:
    if not hasattr(_pending, "ids"):
        _pending.ids = defaultdict(set)
    return _pending.ids[kind]


def _apply_after_commit(*, kind: str) -> None:
    pending = _pending_ids(kind)
    if not pending:
        return
    object_ids = sorted(pending)
    pending.clear()
    from search.tasks import apply_index_changes  # search.tasks imports this module

    try:
        apply_index_changes.enqueue(kind=kind, object_ids=object_ids)
    except Exception:  # never fail the request that made the change; the outbox keeps it
        logger.exception("search outbox apply failed", extra={"kind": kind, "ids": object_ids[:20]})


# --- Applying the outbox ---------------------------------------------------------------------
def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2**attempts, MAX_BACKOFF_SECONDS))


def outbox_process(
    *,
    kind: str | None = None,
    object_ids: Iterable[int] | None = None,
    limit: int = 1000,
    eager: bool = False,
) -> dict[str, int]:
    """Apply due outbox rows (or just these ids, due or not). Returns counts by outcome.

    ``eager`` is the after-commit path of a request: a backend whose breaker is open (it
    failed in the last ``CIRCUIT_SECONDS``, reading or writing) is skipped there (the worker
    and back-off retry it), so an outage does not slow every registration down.
    """
    now = timezone.now()
    rows = OutboxEntry.objects.all()
    if object_ids is not None:
        rows = rows.filter(kind=kind, object_id__in=list(object_ids))
    else:
        rows = rows.filter(next_attempt_at__lte=now)
    rows = list(rows.order_by("next_attempt_at", "pk")[:limit])
    outcome = {"applied": 0, "failed": 0}
    backends = write_backends(eager=eager)
    rebuilding = backends_rebuilding()
    grouped = defaultdict(list)
    for row in rows:
        grouped[(row.backend, row.kind)].append(row)
    for (backend_name, row_kind), batch in grouped.items():
        backend = backends.get(backend_name)
        if backend_name in rebuilding:  # written into the new index just before it goes live
            continue
        if eager and search_breaker(backend_name).is_open:
            outcome["failed"] += len(batch)
            continue
        if backend is None or row_kind not in DOCUMENT_CLASSES:
            # The backend is no longer configured: nothing can apply these.
            OutboxEntry.objects.filter(pk__in=[r.pk for r in batch]).delete()
            continue
        for start in range(0, len(batch), BATCH_SIZE):
            chunk = batch[start : start + BATCH_SIZE]
            if _apply(backend, row_kind, chunk):
                outcome["applied"] += len(chunk)
            else:
                outcome["failed"] += len(chunk)
    return outcome


def _apply(backend, kind: str, rows: list[OutboxEntry]) -> bool:
    documents = prepare_documents(kind, [row.object_id for row in rows])
    prefix = DOCUMENT_CLASSES[kind].kind_name
    gone = [f"{prefix}:{row.object_id}" for row in rows if row.object_id not in documents]
    try:
        backend.index(list(documents.values()))
        backend.delete(gone)
    except (SearchUnavailable, Exception) as exc:
        search_breaker(backend.name).failed(exc)
        error = f"{exc.__class__.__name__}: {exc}"[:1000]
        logger.warning(
            "search index update failed; will retry",
            extra={"backend": backend.name, "kind": kind, "count": len(rows), "error": error[:300]},
        )
        now = timezone.now()
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = now + _backoff(row.attempts)
            row.last_error = error
        OutboxEntry.objects.bulk_update(rows, ["attempts", "next_attempt_at", "last_error"])
        return False
    search_breaker(backend.name).succeeded()
    # Remove only rows nobody re-enqueued meanwhile (their enqueued_at would have moved on).
    done = Q()
    for row in rows:
        done |= Q(pk=row.pk, enqueued_at=row.enqueued_at)
    OutboxEntry.objects.filter(done).delete()
    return True


def outbox_pending() -> int:
    return OutboxEntry.objects.count()


# --- Whole-index operations ------------------------------------------------------------------
def expected_hashes() -> dict[str, str]:
    hashes = {}
    for kind in KINDS:
        for document in iter_documents(kind):
            hashes[document["key"]] = document["content_hash"]
    return hashes


def consistency_report(backend) -> dict[str, list[str]]:
    """Keys missing from the index, extra in it, and stale (content differs)."""
    expected = expected_hashes()
    indexed = backend.indexed_hashes()
    return {
        "missing": sorted(set(expected) - set(indexed)),
        "extra": sorted(set(indexed) - set(expected)),
        "stale": sorted(k for k in set(expected) & set(indexed) if expected[k] != indexed[k]),
    }


def consistency_repair(backend, report: dict[str, list[str]]) -> None:
    by_kind = defaultdict(list)
    for key in report["missing"] + report["stale"]:
        kind, _, pk = key.partition(":")
        by_kind[kind].append(int(pk))
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), BATCH_SIZE):
            documents = prepare_documents(kind, ids[start : start + BATCH_SIZE])
            backend.index(list(documents.values()))
    backend.delete(report["extra"])


def document_count() -> int:
    return sum(searchable_queryset(kind).count() for kind in KINDS)


def iter_all_documents():
    for kind in KINDS:
        yield from iter_documents(kind)


# --- Rebuilding --------------------------------------------------------------------------------
def backends_rebuilding() -> set[str]:
    """Backends with a rebuild under way (one query)."""
    fresh = timezone.now() - IndexRebuild.STALE_AFTER
    return set(IndexRebuild.objects.filter(started_at__gte=fresh).values_list("backend", flat=True))


def index_rebuild(*, backend_name: str, backend, progress=None) -> int:
    """Rebuild one backend's index from the database without losing concurrent edits.

    While it runs, that backend's changes wait in the outbox. Just before the new index goes
    live, every waiting change is written into it (``catch_up``); afterwards the outbox applies
    them once more to the live index, which is idempotent, and catches whatever came after."""
    IndexRebuild.objects.update_or_create(
        backend=backend_name, defaults={"started_at": timezone.now()}
    )

    def catch_up(write):
        """Write every change waiting for this backend with ``write(documents, gone_keys)``."""
        waiting = defaultdict(set)
        for kind, object_id in OutboxEntry.objects.filter(backend=backend_name).values_list(
            "kind", "object_id"
        ):
            waiting[kind].add(object_id)
        for kind, ids in waiting.items():
            if kind not in DOCUMENT_CLASSES:
                continue
            prefix = DOCUMENT_CLASSES[kind].kind_name
            ordered = sorted(ids)
            for start in range(0, len(ordered), BATCH_SIZE):
                chunk = ordered[start : start + BATCH_SIZE]
                documents = prepare_documents(kind, chunk)
                gone = [f"{prefix}:{pk}" for pk in chunk if pk not in documents]
                write(list(documents.values()), gone)
        return sum(len(ids) for ids in waiting.values())

    try:
        written = backend.rebuild(
            iter_all_documents(), total=document_count(), progress=progress, catch_up=catch_up
        )
    finally:
        IndexRebuild.objects.filter(backend=backend_name).delete()
    outbox_process()
    return written


def outbox_failing():
    """Index changes that keep failing (they are retried with back-off, never dropped)."""
    return OutboxEntry.objects.filter(attempts__gte=FAILING_AFTER_ATTEMPTS)


def outbox_retry_now() -> dict[str, int]:
    """Try every failing index change again at once (after the cluster is back)."""
    outbox_failing().update(next_attempt_at=timezone.now())
    return outbox_process()
