"""Search for editors: what people look for and cannot find, and index changes that fail."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from search.indexing import outbox_failing, outbox_retry_now
from search.models import QueryLog
from themes.models import Theme

PERIODS = {"7": 7, "30": 30, "90": 90}


def search_insights(request):
    """Top queries and zero-result queries per theme over a period (default 30 days)."""
    period = request.GET.get("days", "30")
    days = PERIODS.get(period, 30)
    since = timezone.now() - timedelta(days=days)
    logs = QueryLog.objects.filter(created_at__gte=since, page=1)
    totals = logs.aggregate(
        searches=Count("id"),
        zero=Count("id", filter=Q(result_count=0)),
        fell_back=Count("id", filter=Q(fell_back=True)),
        average_ms=Avg("duration_ms"),
    )
    top_queries = (
        logs.exclude(query="")
        .values("query")
        .annotate(searches=Count("id"), average_results=Avg("result_count"))
        .order_by("-searches", "query")[:25]
    )
    zero = (
        logs.filter(result_count=0)
        .values("theme", "query")
        .annotate(searches=Count("id"))
        .order_by("theme", "-searches", "query")
    )

    names = dict(Theme.objects.values_list("slug", "name"))
    by_theme: dict[str, list] = {}
    for row in zero[:500]:
        label = names.get(row["theme"], "No theme chosen") if row["theme"] else "No theme chosen"
        by_theme.setdefault(label, []).append(row)
    return render(
        request,
        "search/admin/insights.html",
        {
            "days": days,
            "periods": PERIODS,
            "totals": totals,
            "top_queries": top_queries,
            "zero_by_theme": sorted(by_theme.items()),
        },
    )


def search_outbox(request):
    """Index changes that keep failing, with the error, and a button to try them all now."""
    if not request.user.has_perm("hub_search.view_outboxentry"):
        raise PermissionDenied
    if request.method == "POST":
        outcome = outbox_retry_now()
        messages.success(
            request,
            f"Tried again: {outcome['applied']} applied, {outcome['failed']} still failing.",
        )
        return redirect("search_outbox")
    entries = outbox_failing().order_by("enqueued_at")[:500]
    return render(request, "search/admin/outbox.html", {"entries": entries})
