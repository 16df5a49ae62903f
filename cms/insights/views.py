"""Insights views: thin, each parses the filter, calls one selector and renders its tables."""

from functools import wraps
from urllib.parse import urlencode

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
    ("insights_health", "Register health"),
    ("insights_search", "Search"),
    ("insights_organisations", "Organisations"),
    ("insights_funnels", "Funnels"),
    ("insights_deadlines", "Requests and deadlines"),
]


# Every admin view: a signed-in admin user without the permission gets 403 (Forbidden), said
# on a page of its own (Wagtail would turn a raised PermissionDenied into a redirect home).
INSIGHTS_PERMISSION = "insights.view_insights"


def insights_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(INSIGHTS_PERMISSION):
            return render(request, "insights/admin/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


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


@insights_required
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
            Row(
                _coverage_cells(row),
                depth=row.depth if sort == "theme" else 0,
                # Drill down: the same view narrowed to this theme, keeping the dates.
                href="?" + urlencode(scope.query_string(row.slug)) + "#coverage",
            )
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


# --- 2. The register's health ----------------------------------------------------------------


@insights_required
@require_GET
def health(request):
    """Listings by status, and listed groups by how long ago they were last confirmed."""
    form, scope, params = _filters(request)
    report = selectors.insights_register_health(scope=scope)
    status = Table(
        id="status",
        caption="Groups by status",
        columns=[Column("status", "Status"), Column("groups", "Groups", numeric=True)],
        rows=[Row([label, count]) for _value, label, count in report.by_status],
    )
    states = Table(
        id="states",
        caption="Listings in the re-confirmation cycle",
        columns=[Column("state", "State"), Column("groups", "Groups", numeric=True)],
        rows=[Row([label, count]) for _key, label, count in report.states],
    )
    confirmation = Table(
        id="confirmation",
        caption="Listed groups by when they were last confirmed",
        columns=[Column("age", "Last confirmed"), Column("groups", "Listed groups", numeric=True)],
        rows=[
            *(Row([label, count]) for _key, label, count in report.confirmation),
            Row(["Never confirmed", report.never_confirmed]),
        ],
    )
    oldest = Table(
        id="oldest",
        caption="Listed groups confirmed longest ago (never confirmed first)",
        columns=[
            Column("group", "Group"),
            Column("last_confirmed", "Last confirmed"),
            Column("days", "Days since", numeric=True),
        ],
        rows=[
            Row(
                [
                    row["name"],
                    row["last_confirmed_at"].date().isoformat()
                    if row["last_confirmed_at"]
                    else "Never",
                    row["days"],
                ],
                href=reverse("intake:group_detail", kwargs={"slug": row["slug"]}),
            )
            for row in report.oldest
        ],
        empty_text="No listed groups for this filter.",
    )
    charts = {
        "status": bar_chart(
            chart_id="status-chart",
            title="Groups by status",
            labels=status.labels(),
            series=[Series("Groups", status.column_values("groups"))],
        ),
        "states": bar_chart(
            chart_id="states-chart",
            title="Listings in the re-confirmation cycle",
            labels=states.labels(),
            series=[Series("Groups", states.column_values("groups"))],
        ),
        "confirmation": bar_chart(
            chart_id="confirmation-chart",
            title="Listed groups by when they were last confirmed",
            labels=confirmation.labels(),
            series=[Series("Listed groups", confirmation.column_values("groups"))],
        ),
    }
    return _render(
        request,
        template="insights/admin/health.html",
        title="Register health",
        form=form,
        params=params,
        tables=[status, states, confirmation, oldest],
        charts=charts,
        report=report,
    )


# --- 3. Search --------------------------------------------------------------------------------


@insights_required
@require_GET
def search(request):
    """Top queries, queries that found nothing (and the themes they point to), searches by week."""
    form, scope, params = _filters(request)
    report = selectors.insights_search(scope=scope)
    top = Table(
        id="top_queries",
        caption="Top queries",
        columns=[
            Column("query", "Query"),
            Column("searches", "Searches", numeric=True),
            Column("zero", "With no results", numeric=True),
        ],
        rows=[Row([r["query"], r["searches"], r["zero"]]) for r in report.top],
        empty_text="No searches for this filter.",
    )
    zero = Table(
        id="zero_queries",
        caption="Queries with no results, and the themes they point to",
        columns=[
            Column("query", "Query"),
            Column("searches", "Searches", numeric=True),
            Column("themes", "Themes they point to"),
        ],
        rows=[
            Row(
                [
                    r["query"] or "(no words: filters only)",
                    r["searches"],
                    ", ".join(r["themes"]) or "None found",
                ]
            )
            for r in report.zero_queries
        ],
        empty_text="Every search found something.",
    )
    weeks = Table(
        id="weeks",
        caption="Searches by week (weeks start on Monday)",
        columns=[
            Column("week", "Week starting"),
            Column("searches", "Searches", numeric=True),
            Column("zero", "With no results", numeric=True),
        ],
        rows=[Row([w["week"].isoformat(), w["searches"], w["zero"]]) for w in report.weeks],
        empty_text="No searches for this filter.",
    )
    charts = {
        "weeks": bar_chart(
            chart_id="weeks-chart",
            title="Searches by week",
            labels=weeks.labels(),
            series=[
                Series("Searches", weeks.column_values("searches")),
                Series("With no results", weeks.column_values("zero")),
            ],
        ),
        "top": bar_chart(
            chart_id="top-chart",
            title="Top queries",
            labels=top.labels(),
            series=[
                Series("Searches", top.column_values("searches")),
                Series("With no results", top.column_values("zero")),
            ],
        ),
    }
    return _render(
        request,
        template="insights/admin/search.html",
        title="Search",
        form=form,
        params=params,
        tables=[top, zero, weeks],
        charts=charts,
        report=report,
    )


# --- 4. Organisations -------------------------------------------------------------------------

ORGANISATION_COLUMNS = [
    Column("organisation", "Organisation"),
    Column("groups", "Listed groups", numeric=True),
    Column("champions", "Listed champions", numeric=True),
    Column("requests", "Requests received", numeric=True),
    Column("median_days_to_acknowledge", "Median days to acknowledge", numeric=True),
    Column("median_days_to_answer", "Median days to answer", numeric=True),
    Column("overdue", "Overdue today", numeric=True),
]


@insights_required
@require_GET
def organisations(request):
    """Per producing organisation: groups, champions, requests and how quickly they are met."""
    form, scope, params = _filters(request)
    sort, descending = _sort(request, selectors.ORGANISATION_SORTS, "organisation")
    rows = selectors.insights_organisations(scope=scope, sort=sort, descending=descending)
    table = Table(
        id="organisations",
        caption="Producing organisations",
        columns=ORGANISATION_COLUMNS,
        rows=[
            Row(
                [
                    r.name,
                    r.groups,
                    r.champions,
                    r.requests,
                    r.median_days_to_acknowledge,
                    r.median_days_to_answer,
                    r.overdue,
                ]
            )
            for r in rows
        ],
        sortable=True,
        sort=sort,
        descending=descending,
        base_params=params,
    )
    chart = bar_chart(
        chart_id="organisations-chart",
        title="Groups, requests and overdue requests by organisation",
        labels=[r.label for r in rows],
        series=[
            Series("Listed groups", table.column_values("groups")),
            Series("Requests received", table.column_values("requests")),
            Series("Overdue today", table.column_values("overdue")),
        ],
    )
    return _render(
        request,
        template="insights/admin/organisations.html",
        title="Organisations",
        form=form,
        params=params,
        tables=[table],
        charts={"organisations": chart},
        rows=rows,
    )


# --- 5. Funnels -------------------------------------------------------------------------------


def _funnel_table(funnel, *, id: str, caption: str) -> Table:
    columns = [Column("week", "Week starting")]
    for index, step in enumerate(funnel.steps):
        columns.append(Column(f"step_{index}", step, numeric=True))
    rows = [Row([week["week"].isoformat(), *week["counts"]]) for week in funnel.weeks]
    if rows:
        rows.append(Row(["All weeks", *funnel.totals]))
        rows.append(
            Row(
                [
                    "Did not go on from the step before (%)",
                    *(None if share is None else round(share, 1) for share in funnel.drop_off),
                ]
            )
        )
    return Table(id=id, caption=caption, columns=columns, rows=rows, empty_text="Nothing yet.")


def _funnel_chart(funnel, *, chart_id: str, title: str):
    return bar_chart(
        chart_id=chart_id,
        title=title,
        labels=[week["week"].isoformat() for week in funnel.weeks],
        series=[
            Series(step, [week["counts"][index] for week in funnel.weeks])
            for index, step in enumerate(funnel.steps)
        ],
    )


@insights_required
@require_GET
def funnels(request):
    """Registration and join funnels by week, with the drop-off at each step."""
    form, scope, params = _filters(request)
    registration = selectors.insights_registration_funnel(scope=scope)
    join = selectors.insights_join_funnel(scope=scope)
    tables = [
        _funnel_table(registration, id="registrations", caption="Registrations by week sent"),
        _funnel_table(join, id="joins", caption="Requests to join by week asked"),
    ]
    charts = {
        "registrations": _funnel_chart(
            registration, chart_id="registrations-chart", title="Registrations by week"
        ),
        "joins": _funnel_chart(join, chart_id="joins-chart", title="Requests to join by week"),
    }
    return _render(
        request,
        template="insights/admin/funnels.html",
        title="Funnels",
        form=form,
        params=params,
        tables=tables,
        charts=charts,
        registration=registration,
        join=join,
    )


# --- 6. Engagement requests against their deadline --------------------------------------------


@insights_required
@require_GET
def deadlines(request):
    """Requests by week and by organisation against the working-day acknowledgement target."""
    form, scope, params = _filters(request)
    report = selectors.insights_engagement_deadlines(scope=scope)
    steps = selectors.DEADLINE_STEPS
    columns = [Column(key, label, numeric=True) for key, label in steps]
    by_week = Table(
        id="deadline_weeks",
        caption="Requests by week received",
        columns=[Column("week", "Week starting"), *columns],
        rows=[Row([row["week"].isoformat(), *(row[k] for k, _l in steps)]) for row in report.weeks],
        empty_text="No requests for this filter.",
    )
    by_organisation = Table(
        id="deadline_organisations",
        caption="Requests by organisation",
        columns=[Column("organisation", "Organisation"), *columns],
        rows=[Row([row["name"], *(row[k] for k, _l in steps)]) for row in report.organisations],
        empty_text="No requests for this filter.",
    )
    shown = ("on_time", "late", "overdue")
    labels = dict(steps)
    charts = {
        "weeks": bar_chart(
            chart_id="deadline-weeks-chart",
            title="Requests acknowledged on time, late, and overdue by week",
            labels=by_week.labels(),
            series=[Series(labels[key], by_week.column_values(key)) for key in shown],
        ),
        "organisations": bar_chart(
            chart_id="deadline-organisations-chart",
            title="Requests acknowledged on time, late, and overdue by organisation",
            labels=by_organisation.labels(),
            series=[Series(labels[key], by_organisation.column_values(key)) for key in shown],
        ),
    }
    return _render(
        request,
        template="insights/admin/deadlines.html",
        title="Requests and deadlines",
        form=form,
        params=params,
        tables=[by_week, by_organisation],
        charts=charts,
        report=report,
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
        compact=True,
    )
    return render(
        request,
        "insights/state_of_engagement.html",
        {**summary, "chart": chart},
    )
