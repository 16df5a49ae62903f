"""Project-level views that belong to no single app."""

import logging

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cms.health import health_report

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Every dependency's state; 200 while the hub can serve (its database answers)."""
    report, serving = health_report()
    return JsonResponse(report, status=200 if serving else 503)
