"""Reads behind the insights views. Every figure comes from aggregate queries whose number does
not depend on the size of the register: the theme tree (tens of nodes) is read whole and the
roll-ups from a theme to its parents are done here, over already-counted rows."""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from cms.editorial.models import Champion, Organisation
from cms.insights.filters import InsightsScope
from cms.insights.models import FormViewCount
from intake.confirmation import cycle, reminder_lead
from intake.engagement.models import EngagementRequest
from intake.engagement.selectors import (
    acknowledge_working_days,
    overdue_filter,
    you_said_we_did_list,
)
from intake.engagement.workdays import add_working_days
from intake.models import Membership, ModerationDecision, UserGroup
from search.analysis import analyse, words
from search.models import QueryLog
from search.queries import synonym_map
from themes.models import Theme

GroupTheme = UserGroup.themes.through
GroupOrganisation = UserGroup.producing_organisations.through
LISTED = UserGroup.Status.LISTED


# --- The theme tree ---------------------------------------------------------------------------


@dataclass
class ThemeNode:
    id: int
    name: str
    slug: str
    parent_id: int | None
    depth: int = 0
    position: int = 0  # in tree order, as editors set it
    children: list[int] = field(default_factory=list)


class ThemeTree:
    """The whole theme tree, read in one query, with subtree and ancestor look-ups."""

    def __init__(self, rows):
        self.nodes: dict[int, ThemeNode] = {
            row["id"]: ThemeNode(row["id"], row["name"], row["slug"], row["parent_id"])
            for row in rows
        }
        self.roots: list[int] = []
        for node in self.nodes.values():  # rows arrive in editors' order
            parent = self.nodes.get(node.parent_id)
            (parent.children if parent else self.roots).append(node.id)
        self.order: list[int] = []
        self._number(self.roots, 0)
        self.by_slug = {node.slug: node.id for node in self.nodes.values()}

    @classmethod
    def load(cls) -> "ThemeTree":
        return cls(
            Theme.objects.order_by("sort_order", "name").values("id", "name", "slug", "parent_id")
        )

    def _number(self, ids, depth):
        for theme_id in ids:
            node = self.nodes[theme_id]
            node.depth, node.position = depth, len(self.order)
            self.order.append(theme_id)
            self._number(node.children, depth + 1)

    def subtree(self, theme_id: int) -> list[int]:
        """The theme and every theme below it, in tree order."""
        found, stack = [], [theme_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self.nodes[current].children))
        return found

    def ancestors_and_self(self, theme_ids) -> set[int]:
        result = set()
        for theme_id in theme_ids:
            node = self.nodes.get(theme_id)
            while node is not None and node.id not in result:
                result.add(node.id)
                node = self.nodes.get(node.parent_id)
        return result

    def in_scope(self, scope: InsightsScope) -> list[int]:
        if scope.theme_id and scope.theme_id in self.nodes:
            return sorted(self.subtree(scope.theme_id), key=lambda i: self.nodes[i].position)
        return list(self.order)


# --- Which themes a search points to ----------------------------------------------------------


def _theme_terms(tree: ThemeTree) -> dict[int, set[str]]:
    return {theme_id: set(analyse(node.name)) for theme_id, node in tree.nodes.items()}


def search_query_theme_ids(*, text: str, tree: ThemeTree, theme_terms=None, synonyms=None) -> set:
    """The themes whose names share a word (or a synonym's word) with the text searched for."""
    theme_terms = theme_terms if theme_terms is not None else _theme_terms(tree)
    synonyms = synonyms if synonyms is not None else synonym_map()
    typed = words(text)
    terms = set(analyse(text))
    phrases = {(word,) for word in typed} | {tuple(typed)}
    for phrase in phrases:
        for alternative in synonyms.get(phrase, []):
            terms |= set(analyse(" ".join(alternative)))
    if not terms:
        return set()
    return {theme_id for theme_id, names in theme_terms.items() if names & terms}


@dataclass
class PointedSearch:
    """Zero-result searches for one (query, chosen theme) pair, and the themes they point to."""

    query: str
    chosen_theme: str
    searches: int
    theme_ids: set[int]


def _zero_result_searches(*, scope: InsightsScope, tree: ThemeTree) -> list[PointedSearch]:
    rows = (
        QueryLog.objects.filter(scope.within("created_at"), result_count=0, page=1)
        .values("query", "theme")
        .annotate(searches=Count("id"))
        .order_by("-searches", "query", "theme")
    )
    theme_terms = _theme_terms(tree)
    synonyms = synonym_map()
    pointed = []
    for row in rows:
        chosen = tree.by_slug.get(row["theme"])
        theme_ids = (
            {chosen}
            if chosen
            else search_query_theme_ids(
                text=row["query"], tree=tree, theme_terms=theme_terms, synonyms=synonyms
            )
        )
        pointed.append(PointedSearch(row["query"], row["theme"], row["searches"], theme_ids))
    return pointed


# --- 1. Coverage by theme ---------------------------------------------------------------------


@dataclass
class ThemeCoverage:
    theme_id: int
    name: str
    slug: str
    depth: int
    position: int
    own_groups: int = 0
    groups: int = 0  # listed groups tagged with this theme or any theme below it
    organisations: list[str] = field(default_factory=list)
    requests: int = 0
    you_said_we_did: int = 0
    zero_searches: int = 0

    @property
    def demand(self) -> int:
        return self.requests + self.zero_searches

    @property
    def is_gap(self) -> bool:
        return self.groups == 0 and self.demand > 0

    @property
    def organisation_count(self) -> int:
        return len(self.organisations)


COVERAGE_SORTS = {
    "theme": lambda row: row.position,
    "own_groups": lambda row: (row.own_groups, -row.position),
    "groups": lambda row: (row.groups, -row.position),
    "organisations": lambda row: (row.organisation_count, -row.position),
    "requests": lambda row: (row.requests, -row.position),
    "you_said_we_did": lambda row: (row.you_said_we_did, -row.position),
    "zero_searches": lambda row: (row.zero_searches, -row.position),
    "demand": lambda row: (row.demand, -row.position),
}


@dataclass
class CoverageReport:
    rows: list[ThemeCoverage]
    gaps: list[ThemeCoverage]
    listed_groups: int


def _org_label(abbreviation: str, name: str) -> str:
    return abbreviation or name


def insights_theme_coverage(
    *, scope: InsightsScope, sort: str = "theme", descending: bool = False
) -> CoverageReport:
    """Per theme: listed groups (own and with its children), their producing organisations,
    engagement requests, "you said, we did" entries and zero-result searches, and the gaps
    (demand but no group), sorted by demand.

    Groups are the register as it stands; the date range narrows requests (by when they were
    received), entries (by when they were answered) and searches.
    """
    tree = ThemeTree.load()
    shown = tree.in_scope(scope)
    subtrees = {theme_id: tree.subtree(theme_id) for theme_id in shown}

    listed = GroupTheme.objects.filter(usergroup__status=LISTED)
    counts = listed.aggregate(
        all_listed=Count("usergroup_id", distinct=True),
        **{
            f"own_{theme_id}": Count("usergroup_id", distinct=True, filter=Q(theme_id=theme_id))
            for theme_id in shown
        },
        **{
            f"all_{theme_id}": Count(
                "usergroup_id", distinct=True, filter=Q(theme_id__in=subtrees[theme_id])
            )
            for theme_id in shown
        },
    )
    organisations_by_theme = defaultdict(set)
    for theme_id, abbreviation, name in (
        listed.filter(usergroup__producing_organisations__isnull=False)
        .values_list(
            "theme_id",
            "usergroup__producing_organisations__abbreviation",
            "usergroup__producing_organisations__name",
        )
        .distinct()
    ):
        organisations_by_theme[theme_id].add(_org_label(abbreviation, name))

    requests = dict(
        EngagementRequest.objects.filter(scope.within("created_at"))
        .values("theme_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("theme_id", "n")
    )
    entries = dict(
        you_said_we_did_list()
        .filter(scope.within("answered_at"))
        .values("theme_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("theme_id", "n")
    )
    searches = defaultdict(int)
    for search in _zero_result_searches(scope=scope, tree=tree):
        for theme_id in tree.ancestors_and_self(search.theme_ids):
            searches[theme_id] += search.searches

    rows = []
    for theme_id in shown:
        node, below = tree.nodes[theme_id], subtrees[theme_id]
        rows.append(
            ThemeCoverage(
                theme_id=theme_id,
                name=node.name,
                slug=node.slug,
                depth=node.depth,
                position=node.position,
                own_groups=counts[f"own_{theme_id}"],
                groups=counts[f"all_{theme_id}"],
                organisations=sorted(set().union(*(organisations_by_theme[t] for t in below))),
                requests=sum(requests.get(t, 0) for t in below),
                you_said_we_did=sum(entries.get(t, 0) for t in below),
                zero_searches=searches[theme_id],
            )
        )
    gaps = sorted((row for row in rows if row.is_gap), key=lambda r: (-r.demand, r.position))
    key = COVERAGE_SORTS.get(sort, COVERAGE_SORTS["theme"])
    rows.sort(key=key, reverse=descending)
    return CoverageReport(rows=rows, gaps=gaps, listed_groups=counts["all_listed"])


def insights_state_of_engagement(*, today: dt.date | None = None) -> dict:
    """The public summary: listed groups per top-level theme and the gaps, over the last year."""
    today = today or timezone.localdate()
    scope = InsightsScope(date_from=today - dt.timedelta(days=365), date_to=today)
    report = insights_theme_coverage(scope=scope)
    return {
        "scope": scope,
        "top_level": [row for row in report.rows if row.depth == 0],
        "gaps": report.gaps,
        "listed_groups": report.listed_groups,
    }


def _theme_group_filter(scope: InsightsScope, tree: ThemeTree, prefix: str = "") -> Q:
    if not scope.theme_id or scope.theme_id not in tree.nodes:
        return Q()
    return Q(**{f"{prefix}themes__id__in": tree.subtree(scope.theme_id)})


# --- 2. The register's health -----------------------------------------------------------------

CONFIRMATION_BANDS = [
    ("recent", "Confirmed in the last 6 months", 0, 183),
    ("half_year", "Confirmed 6 to 12 months ago", 183, 365),
    ("over_year", "Confirmed more than a year ago", 365, None),
]


CONFIRMATION_STATES = [
    ("current", "Current"),
    ("due", "Due: reminded, or due within the reminder period"),
    ("flagged", "Flagged: not confirmed by the due date"),
    ("hidden", "Hidden: still not confirmed after the grace period"),
]


@dataclass
class RegisterHealth:
    by_status: list[tuple[str, str, int]]  # (value, label, groups)
    states: list[tuple[str, str, int]]  # (state, label, groups) in the re-confirmation cycle
    confirmation: list[tuple[str, str, int]]  # (band, label, listed groups)
    never_confirmed: int
    oldest: list[dict]
    listed: int


def insights_register_health(*, scope: InsightsScope, now: dt.datetime | None = None):
    """Listings by status, and listed groups by how long ago they were last confirmed.

    The date range narrows groups by when they were registered; the theme includes the themes
    below it. Confirmation states (due, flagged, hidden) join this once the re-confirmation
    cycle records them; the age is counted since ``last_confirmed_at``.
    """
    now = now or timezone.now()
    tree = ThemeTree.load()
    ids = UserGroup.objects.filter(scope.within("created_at"), _theme_group_filter(scope, tree))
    # A theme filter joins the themes table; counting over the ids keeps each group once.
    groups = UserGroup.objects.filter(id__in=ids.values("id"))
    listed = Q(status=LISTED)
    bands = {}
    for key, _label, newer, older in CONFIRMATION_BANDS:
        condition = listed & Q(last_confirmed_at__lte=now - dt.timedelta(days=newer))
        if older is not None:
            condition &= Q(last_confirmed_at__gt=now - dt.timedelta(days=older))
        bands[key] = Count("id", filter=condition)
    # The cycle's own rule: due a cycle after the last confirmation (or import, or listing).
    unflagged = listed & Q(confirmation_flagged_at__isnull=True)
    due_from = now - cycle() + reminder_lead()
    states = {
        "current": Count("id", filter=unflagged & Q(anchor__gt=due_from)),
        "due": Count("id", filter=unflagged & Q(anchor__lte=due_from)),
        "flagged": Count("id", filter=listed & Q(confirmation_flagged_at__isnull=False)),
        "hidden": Count("id", filter=Q(status=UserGroup.Status.HIDDEN)),
    }
    counts = groups.annotate(
        anchor=Coalesce("last_confirmed_at", "imported_at", "created_at")
    ).aggregate(
        **{f"state_{key}": count for key, count in states.items()},
        **{f"status_{value}": Count("id", filter=Q(status=value)) for value in UserGroup.Status},
        never=Count("id", filter=listed & Q(last_confirmed_at__isnull=True)),
        **bands,
    )
    oldest = [
        {
            "name": name,
            "slug": slug,
            "last_confirmed_at": confirmed,
            "days": (now - confirmed).days if confirmed else None,
        }
        for name, slug, confirmed in groups.filter(listed)
        .order_by(F("last_confirmed_at").asc(nulls_first=True), "name")
        .values_list("name", "slug", "last_confirmed_at")[:20]
    ]
    return RegisterHealth(
        by_status=[
            (value, label, counts[f"status_{value}"]) for value, label in UserGroup.Status.choices
        ],
        states=[(key, label, counts[f"state_{key}"]) for key, label in CONFIRMATION_STATES],
        confirmation=[(key, label, counts[key]) for key, label, _n, _o in CONFIRMATION_BANDS],
        never_confirmed=counts["never"],
        oldest=oldest,
        listed=counts[f"status_{LISTED}"],
    )


# --- 3. Search --------------------------------------------------------------------------------


@dataclass
class SearchInsights:
    searches: int
    zero: int
    top: list[dict]
    zero_queries: list[dict]
    weeks: list[dict]


def insights_search(*, scope: InsightsScope, limit: int = 25) -> SearchInsights:
    """Top queries, zero-result queries with the themes they point to, and searches by week.

    First result pages only, so paging through results does not count twice. With a theme,
    searches made with that theme (or one below it) chosen; zero-result queries also count
    when their words point into the theme.
    """
    tree = ThemeTree.load()
    logs = QueryLog.objects.filter(scope.within("created_at"), page=1)
    shown = set(tree.in_scope(scope)) if scope.theme_id else None
    if shown is not None:
        logs = logs.filter(theme__in=[tree.nodes[t].slug for t in shown])
    zero = Q(result_count=0)
    totals = logs.aggregate(searches=Count("id"), zero=Count("id", filter=zero))
    top = list(
        logs.exclude(query="")
        .values("query")
        .annotate(searches=Count("id"), zero=Count("id", filter=zero))
        .order_by("-searches", "query")[:limit]
    )
    merged: dict[str, dict] = {}
    for search in _zero_result_searches(scope=scope, tree=tree):
        if shown is not None and not (search.theme_ids & shown):
            continue
        row = merged.setdefault(search.query, {"query": search.query, "searches": 0, "ids": set()})
        row["searches"] += search.searches
        row["ids"] |= search.theme_ids
    zero_queries = sorted(merged.values(), key=lambda r: (-r["searches"], r["query"]))[:limit]
    for row in zero_queries:
        ordered = sorted(row.pop("ids"), key=lambda t: tree.nodes[t].position)
        row["themes"] = [tree.nodes[t].name for t in ordered]
    weeks = list(
        logs.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(searches=Count("id"), zero=Count("id", filter=zero))
        .order_by("week")
    )
    for row in weeks:
        row["week"] = row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]
    return SearchInsights(
        searches=totals["searches"],
        zero=totals["zero"],
        top=top,
        zero_queries=zero_queries,
        weeks=weeks,
    )


# --- 4. Organisations -------------------------------------------------------------------------


@dataclass
class OrganisationInsight:
    name: str
    abbreviation: str
    groups: int = 0
    champions: int = 0
    requests: int = 0
    overdue: int = 0
    median_days_to_acknowledge: float | None = None
    median_days_to_answer: float | None = None

    @property
    def label(self) -> str:
        return self.abbreviation or self.name


ORGANISATION_SORTS = {
    "organisation": lambda r: r.name.lower(),
    "groups": lambda r: (r.groups, r.name),
    "champions": lambda r: (r.champions, r.name),
    "requests": lambda r: (r.requests, r.name),
    "median_days_to_acknowledge": lambda r: (r.median_days_to_acknowledge or -1, r.name),
    "median_days_to_answer": lambda r: (r.median_days_to_answer or -1, r.name),
    "overdue": lambda r: (r.overdue, r.name),
}


def _days(start, end) -> float:
    return (end - start).total_seconds() / 86400


def insights_organisations(
    *, scope: InsightsScope, sort: str = "organisation", descending: bool = False
) -> list[OrganisationInsight]:
    """Per producing organisation: listed groups, listed champions, requests received (in the
    date range and theme), the median days to acknowledge and to answer them, and how many
    wait for acknowledgement past their working-day deadline today."""
    tree = ThemeTree.load()
    rows = {
        org_id: OrganisationInsight(name, abbreviation)
        for org_id, name, abbreviation in Organisation.objects.order_by("name").values_list(
            "id", "name", "abbreviation"
        )
    }
    groups = GroupOrganisation.objects.filter(usergroup__status=LISTED)
    if scope.theme_id in tree.nodes:
        groups = groups.filter(usergroup__themes__id__in=tree.subtree(scope.theme_id))
    for org_id, count in (
        groups.values("organisation_id")
        .annotate(n=Count("usergroup_id", distinct=True))
        .values_list("organisation_id", "n")
    ):
        rows[org_id].groups = count
    for org_id, count in (
        Champion.objects.filter(is_listed=True)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("organisation_id", "n")
    ):
        rows[org_id].champions = count
    requests = EngagementRequest.objects.filter(scope.within("created_at"))
    if scope.theme_id in tree.nodes:
        requests = requests.filter(theme_id__in=tree.subtree(scope.theme_id))
    for org_id, count, overdue in (
        requests.values("organisation_id")
        .annotate(n=Count("id"), overdue=Count("id", filter=overdue_filter()))
        .order_by()
        .values_list("organisation_id", "n", "overdue")
    ):
        rows[org_id].requests, rows[org_id].overdue = count, overdue
    acknowledge, answer = defaultdict(list), defaultdict(list)
    for org_id, created, acknowledged, answered in requests.filter(
        Q(acknowledged_at__isnull=False) | Q(answered_at__isnull=False)
    ).values_list("organisation_id", "created_at", "acknowledged_at", "answered_at"):
        # An answer is also an acknowledgement when no separate one was recorded.
        first = acknowledged or answered
        acknowledge[org_id].append(_days(created, first))
        if answered:
            answer[org_id].append(_days(created, answered))
    for org_id, row in rows.items():
        if acknowledge[org_id]:
            row.median_days_to_acknowledge = statistics.median(acknowledge[org_id])
        if answer[org_id]:
            row.median_days_to_answer = statistics.median(answer[org_id])
    result = list(rows.values())
    result.sort(key=ORGANISATION_SORTS.get(sort, ORGANISATION_SORTS["organisation"]))
    if descending:
        result.reverse()
    return result


# --- 5. Funnels -------------------------------------------------------------------------------


@dataclass
class Funnel:
    steps: list[str]
    weeks: list[dict]  # {"week": date, "counts": [int per step]}
    totals: list[int]

    @property
    def drop_off(self) -> list[float | None]:
        """For each step after the first, the share of the step before that did not go on."""
        shares = [None]
        for before, after in zip(self.totals, self.totals[1:], strict=False):
            shares.append(100 * (before - after) / before if before else None)
        return shares


def _week(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _funnel(rows, keys, steps) -> Funnel:
    weeks = []
    for row in rows:
        weeks.append({"week": _week(row["week"]), "counts": [row[key] for key in keys]})
    totals = [sum(week["counts"][i] for week in weeks) for i in range(len(keys))]
    return Funnel(steps=steps, weeks=weeks, totals=totals)


def insights_registration_funnel(*, scope: InsightsScope) -> Funnel:
    """Registrations by week: form viewed, sent, email confirmed, approved.

    The sent, confirmed and approved steps follow each registration (a cohort): how many of
    the week's registrations were confirmed and approved, whenever that happened. Form views
    are the week's count of people opening the form; they carry no theme, so a funnel
    narrowed to a theme starts at "sent".
    """
    tree = ThemeTree.load()
    by_theme = scope.theme_id in tree.nodes
    # Imported listings came from the audit spreadsheet, not through the form.
    ids = UserGroup.objects.filter(
        scope.within("created_at"), _theme_group_filter(scope, tree), imported_at__isnull=True
    )
    rows = (
        UserGroup.objects.filter(id__in=ids.values("id"))
        .annotate(
            week=TruncWeek("created_at"),
            was_approved=Exists(
                ModerationDecision.objects.filter(
                    group_id=OuterRef("pk"), action=ModerationDecision.Action.APPROVE
                )
            ),
        )
        .values("week")
        .annotate(
            sent=Count("id"),
            confirmed=Count("id", filter=Q(email_verified_at__isnull=False)),
            approved=Count("id", filter=Q(was_approved=True)),
        )
        .order_by("week")
    )
    keys, steps = ("sent", "confirmed", "approved"), ["Sent", "Email confirmed", "Approved"]
    if by_theme:
        return _funnel(rows, keys, steps)
    weeks: dict[dt.date, dict] = {}
    for row in rows:
        weeks[_week(row["week"])] = {**row, "viewed": 0}
    views = (
        FormViewCount.objects.filter(
            scope.within_days("viewed_on"), form=FormViewCount.Form.GROUP_REGISTRATION
        )
        .annotate(week=TruncWeek("viewed_on"))
        .values("week")
        .annotate(viewed=Sum("views"))
        .order_by()
    )
    for row in views:
        week = _week(row["week"])
        weeks.setdefault(week, {"week": week, **dict.fromkeys(keys, 0)})["viewed"] = row["viewed"]
    return _funnel(
        [weeks[week] for week in sorted(weeks)], ("viewed", *keys), ["Form viewed", *steps]
    )


def insights_join_funnel(*, scope: InsightsScope) -> Funnel:
    """Requests to join by the week they were made: asked, email confirmed, accepted.

    Accepted means a member now, or someone who left after a decision was recorded (the hub
    keeps the status, not its history, so one declined and then unsubscribed counts there too).
    """
    tree = ThemeTree.load()
    memberships = Membership.objects.filter(scope.within("created_at"))
    if scope.theme_id in tree.nodes:
        groups = UserGroup.objects.filter(themes__id__in=tree.subtree(scope.theme_id))
        memberships = memberships.filter(group_id__in=groups.values("id"))
    accepted = Q(status=Membership.Status.ACTIVE) | Q(
        status=Membership.Status.LEFT, decided_at__isnull=False
    )
    rows = (
        memberships.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(
            asked=Count("id"),
            confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
            accepted=Count("id", filter=accepted),
        )
        .order_by("week")
    )
    return _funnel(
        rows, ("asked", "confirmed", "accepted"), ["Asked", "Email confirmed", "Accepted"]
    )


# --- 6. Engagement requests against their deadline --------------------------------------------

DEADLINE_STEPS = [
    ("received", "Received"),
    ("on_time", "Acknowledged within the target"),
    ("late", "Acknowledged late"),
    ("waiting", "Waiting, not yet due"),
    ("overdue", "Waiting past the deadline"),
    ("answered", "Answered"),
]


@dataclass
class DeadlineReport:
    target_days: int
    weeks: list[dict]  # {"week": date, counts by step key}
    organisations: list[dict]  # {"name": str, counts by step key}
    totals: dict


def insights_engagement_deadlines(
    *, scope: InsightsScope, today: dt.date | None = None
) -> DeadlineReport:
    """Requests by the week they arrived and by organisation: acknowledged within the
    working-day target or late, still waiting (due or overdue), and answered.

    A request counts as acknowledged at its first recorded response (acknowledged, answered
    or closed, whichever came first). One query; the working-day arithmetic is done here.
    """
    today = today or timezone.localdate()
    tree = ThemeTree.load()
    target = acknowledge_working_days()
    requests = EngagementRequest.objects.filter(scope.within("created_at"))
    if scope.theme_id in tree.nodes:
        requests = requests.filter(theme_id__in=tree.subtree(scope.theme_id))
    keys = [key for key, _label in DEADLINE_STEPS]
    weeks: dict[dt.date, dict] = {}
    organisations: dict[str, dict] = {}
    totals = dict.fromkeys(keys, 0)
    for name, created, acknowledged, answered, closed, status in requests.values_list(
        "organisation__name", "created_at", "acknowledged_at", "answered_at", "closed_at", "status"
    ).order_by("created_at"):
        received = timezone.localdate(created)
        due = add_working_days(received, target)
        if status == EngagementRequest.Status.RECEIVED:
            outcome = "overdue" if today > due else "waiting"
        else:
            responses = [moment for moment in (acknowledged, answered, closed) if moment]
            first = min(responses) if responses else None
            outcome = "on_time" if first and timezone.localdate(first) <= due else "late"
        week = received - dt.timedelta(days=received.weekday())
        for bucket in (
            weeks.setdefault(week, {"week": week, **dict.fromkeys(keys, 0)}),
            organisations.setdefault(name, {"name": name, **dict.fromkeys(keys, 0)}),
            totals,
        ):
            bucket["received"] += 1
            bucket[outcome] += 1
            if answered:
                bucket["answered"] += 1
    return DeadlineReport(
        target_days=target,
        weeks=[weeks[week] for week in sorted(weeks)],
        organisations=sorted(organisations.values(), key=lambda row: row["name"]),
        totals=totals,
    )
