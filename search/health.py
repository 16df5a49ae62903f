"""What /healthz says about search."""

from django.conf import settings

from search.backends import last_search
from search.backends.elasticsearch import ElasticsearchBackend
from search.models import OutboxEntry


def cluster_health() -> dict | None:
    """Elasticsearch's own answer (network only, safe on a thread), or None without it."""
    if not settings.ELASTICSEARCH_URL:
        return None

    return ElasticsearchBackend().health()


def search_health(*, cluster: dict | None = None) -> dict:
    """Backend name, its status, and whether the last search in this process fell back.
    ``cluster`` is ``cluster_health()`` when the caller already has it."""
    configured = "elasticsearch" if settings.ELASTICSEARCH_URL else "database"
    report = {
        "backend": configured,
        "status": "ok",
        "last_query_backend": last_search["backend"],
        "last_query_fell_back": bool(last_search["fell_back"]),
        "outbox_pending": OutboxEntry.objects.count(),
    }
    if configured == "elasticsearch":
        cluster = cluster or cluster_health()
        report["elasticsearch"] = cluster["status"]
        if cluster["status"] != "ok" or last_search["fell_back"]:
            # Searches still work (from the database), so degraded rather than down.
            report["status"] = "degraded"
            report["fallback"] = "database"
    if last_search["error"]:
        report["last_error"] = last_search["error"][:200]
    return report
