"""What /healthz checks: every dependency, each with its status and how long it took.

The hub can serve while it has its database; the cache, Elasticsearch and the mail server
only make it faster or deliver later, so their failure makes the report "degraded" (named),
never "down". The network checks run side by side on threads with one deadline, so a hung
dependency costs the report at most ``DEADLINE_SECONDS``.
"""

import concurrent.futures
import logging
import smtplib
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from intake.submissions.models import OutboundEmail
from search.health import cluster_health, search_health
from search.models import OutboxEntry

logger = logging.getLogger("hub.health")

DEADLINE_SECONDS = 1.5
_executor = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        report = check()
    except Exception as exc:  # a failing check is a finding, not an error page
        report = {"status": "degraded", "error": f"{exc.__class__.__name__}: {exc}"[:200]}
    report["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return report


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def check_cache() -> dict:
    breaker = getattr(cache, "breaker", None)
    if breaker is not None and breaker.is_open:
        return {"status": "degraded", "error": "unreachable moments ago; serving without it"}
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, 10)
    found = cache.get(key)
    cache.delete(key)
    if found != value:
        return {"status": "degraded", "error": "writes are not read back; serving without it"}
    return {"status": "ok", "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_mail() -> dict:
    """The SMTP server's greeting, when email goes by SMTP (other backends are local)."""
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return {"status": "ok", "backend": backend}
    with smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=DEADLINE_SECONDS) as smtp:
        code, _message = smtp.noop()
    if code != 250:
        return {"status": "degraded", "backend": "smtp", "error": f"answered {code}"}
    return {"status": "ok", "backend": "smtp"}


def check_queues() -> dict:
    """How much waits in each outbox, and the age of the oldest item due."""
    now = timezone.now()
    report = {"status": "ok"}
    for name, rows, field in (
        ("emails", OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED), "created_at"),
        ("search", OutboxEntry.objects.all(), "enqueued_at"),
    ):
        oldest = rows.order_by(field).values_list(field, flat=True).first()
        report[name] = {
            "pending": rows.count(),
            "oldest_seconds": round((now - oldest).total_seconds()) if oldest else 0,
        }
    failed = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).count()
    report["emails"]["failed"] = failed
    if failed:
        report["status"] = "degraded"
    return report


def health_report() -> tuple[dict, bool]:
    """The report, and whether the hub can serve (its database answers)."""
    database = _timed(check_database)
    if database["status"] != "ok":
        database["status"] = "down"
    # Network only on the threads (no database connection there); the database in this one.
    checks = {"cache": check_cache, "mail": check_mail, "cluster": cluster_health}
    futures = {name: _executor.submit(check) for name, check in checks.items()}
    report = {"database": database}
    if database["status"] == "ok":
        report["queues"] = _timed(check_queues)
    deadline = time.monotonic() + DEADLINE_SECONDS
    answers = {}
    for name, future in futures.items():
        started = time.perf_counter()
        try:
            answers[name] = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except concurrent.futures.TimeoutError:
            answers[name] = {"status": "timeout", "error": f"no answer in {DEADLINE_SECONDS} s"}
        except Exception as exc:  # a failing check is a finding, not an error page
            answers[name] = {"status": "down", "error": f"{exc.__class__.__name__}: {exc}"[:200]}
        if isinstance(answers[name], dict):
            answers[name].setdefault("ms", round((time.perf_counter() - started) * 1000, 1))
    for name in ("cache", "mail"):
        report[name] = answers[name]
        if report[name]["status"] != "ok":
            report[name]["status"] = "degraded"
    if database["status"] == "ok":
        cluster = answers["cluster"]
        report["search"] = _timed(lambda: search_health(cluster=cluster))
    serving = database["status"] == "ok"
    degraded = sorted(
        name for name, part in report.items() if part.get("status") not in {"ok", "down"}
    )
    summary = {"status": "down" if not serving else ("degraded" if degraded else "ok")}
    if degraded:
        summary["degraded"] = degraded
        logger.warning("healthz degraded", extra={"degraded": degraded})
    return {**summary, **report}, serving
