"""Insights views: thin, each parses the filter, calls one selector and renders its tables."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cms.insights import selectors
from cms.insights.charts import Series, bar_chart
from cms.insights.filters import InsightsFilterForm
from cms.insights.tables import Column, Row, Table, table_csv_response

# The admin's Insights area, in menu order: (url name, title).
SECTIONS = [
    ("insights_coverage", "Coverage by theme"),
]


def _filters(request):
    """Build the filter form from the query string; a bad value shows an error, never a 500."""
    form = InsightsFilterForm(request.GET)
    scope = form.scope()
    params = scope.query_string(form.theme_slug())
    return form, scope, params


def _sort(request, allowed, default: str) -> tuple[str, bool]:
    sort = request.GET.get("sort", default)
    if sort not in allowed:
        sort = default
    return sort, request.GET.get("order") == "desc"


def _render(request, *, template, title, form, params, tables, charts=None, **context):
    """Render the page, or download one of its tables as CSV (``?format=csv&table=<id>``)."""
    if request.GET.get("format") == "csv":
        wanted = request.GET.get("table", tables[0].id)
        table = next((t for t in tables if t.id == wanted), tables[0])
        return table_csv_response(table=table, filename=f"{table.id}.csv")
    sections = [
        {"url": reverse(name), "title": label, "current": label == title}
        for name, label in SECTIONS
    ]
    return render(
        request,
        template,
        {
            "title": title,
            "form": form,
            "params": params,
            "tables": {table.id: table for table in tables},
            "charts": charts or {},
            "sections": sections,
            **context,
        },
    )


# --- 1. Coverage by theme ---------------------------------------------------------------------

COVERAGE_COLUMNS = [
    Column("theme", "Theme"),
    Column("own_groups", "Groups tagged with the theme itself", numeric=True),
    Column("groups", "Groups, with the themes below", numeric=True),
    Column("organisations", "Producing organisations", numeric=True),
    Column("requests", "Engagement requests", numeric=True),
    Column("you_said_we_did", "“You said, we did” entries", numeric=True),
    Column("zero_searches", "Searches with no results", numeric=True),
    Column("demand", "Demand (requests and searches with no results)", numeric=True),
]


def _coverage_cells(row) -> list:
    return [
        row.name,
        row.own_groups,
        row.groups,
        row.organisation_count,
        row.requests,
        row.you_said_we_did,
        row.zero_searches,
        row.demand,
    ]


@require_GET
def coverage(request):
    """Per theme: listed groups, organisations, requests, entries and unmet searches; the gaps."""
    form, scope, params = _filters(request)
    sort, descending = _sort(request, selectors.COVERAGE_SORTS, "theme")
    report = selectors.insights_theme_coverage(scope=scope, sort=sort, descending=descending)
    table = Table(
        id="coverage",
        caption="Coverage by theme",
        columns=COVERAGE_COLUMNS,
        rows=[
            Row(_coverage_cells(row), depth=row.depth if sort == "theme" else 0)
            for row in report.rows
        ],
        sortable=True,
        sort=sort,
        descending=descending,
        base_params=params,
    )
    gaps = Table(
        id="gaps",
        caption="Gaps: themes with demand and no listed group, most asked for first",
        columns=[
            Column("theme", "Theme"),
            Column("requests", "Engagement requests", numeric=True),
            Column("zero_searches", "Searches with no results", numeric=True),
            Column("demand", "Demand", numeric=True),
        ],
        rows=[Row([r.name, r.requests, r.zero_searches, r.demand]) for r in report.gaps],
        empty_text="No gaps: every theme with demand has at least one listed group.",
    )
    chart = bar_chart(
        chart_id="coverage-chart",
        title="Listed groups and demand by theme",
        labels=table.labels(),
        series=[
            Series("Groups, with the themes below", table.column_values("groups")),
            Series("Demand", table.column_values("demand")),
        ],
    )
    return _render(
        request,
        template="insights/admin/coverage.html",
        title="Coverage by theme",
        form=form,
        params=params,
        tables=[table, gaps],
        charts={"coverage": chart},
        report=report,
        organisations={row.name: row.organisations for row in report.rows},
    )


# --- The public summary -----------------------------------------------------------------------


@require_GET
def state_of_engagement(request):
    """Groups per top-level theme and the gaps, so people see where a new group is needed."""
    summary = selectors.insights_state_of_engagement()
    top = summary["top_level"]
    chart = bar_chart(
        chart_id="state-chart",
        title="Listed groups and demand by top-level theme",
        labels=[row.name for row in top],
        series=[
            Series("Listed groups", [row.groups for row in top]),
            Series("Demand", [row.demand for row in top]),
        ],
    )
    return render(
        request,
        "insights/state_of_engagement.html",
        {**summary, "chart": chart},
    )
