"""Project-level views that belong to no single app."""

import logging
import time

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        logger.warning("healthz database check failed", extra={"error": str(exc)})
        return {"status": "down", "error": exc.__class__.__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def _check_search() -> dict:
    from search.health import search_health

    try:
        return search_health()
    except Exception as exc:  # the search state is often read from the database too
        logger.warning("healthz search check failed", extra={"error": str(exc)})
        return {"status": "unknown", "error": exc.__class__.__name__}


@never_cache
@require_GET
def healthz(request):
    """Report the state of the database and the search backend."""
    database = _check_database()
    search = _check_search()
    healthy = database["status"] == "ok"
    payload = {
        "status": "ok" if healthy else "down",
        "database": database,
        "search": search,
    }
    return JsonResponse(payload, status=200 if healthy else 503)
