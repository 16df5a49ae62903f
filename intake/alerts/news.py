"""What is new under a set of themes: new groups, meetings, progress updates and case studies.

The Atom feeds and the alert emails both read ``news_items``, so a feed and an email about the
same theme always agree. Each item carries the ids of its themes and every theme above them, so
a parent theme's followers hear about its children.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cms.editorial.models import CaseStudyPage, UpdatePage
from intake.meetings.models import Meeting
from intake.models import ModerationDecision, UserGroup
from themes.selectors import theme_ancestor_ids, theme_descendant_ids

KINDS = {
    "groups": "New groups",
    "meetings": "Meetings",
    "updates": "Progress updates",
    "case-studies": "Case studies",
}


@dataclass(frozen=True)
class NewsItem:
    kind: str
    key: str
    title: str
    summary: str
    url: str
    published_at: datetime
    updated_at: datetime
    theme_ids: frozenset = field(default_factory=frozenset)
    group_id: int | None = None
    extra: str = ""


def _ancestors(ids) -> frozenset:
    return frozenset(theme_ancestor_ids(theme_ids=list(ids))) if ids else frozenset()


def _theme_map(through, owner: str, ids: list[int]) -> dict[int, frozenset]:
    """Owner id -> its themes and their ancestors, in one query."""
    themes: dict[int, set] = {}
    for owner_id, theme_id in through.objects.filter(**{f"{owner}__in": ids}).values_list(
        owner, "theme_id"
    ):
        themes.setdefault(owner_id, set()).add(theme_id)
    return {owner_id: _ancestors(ids) for owner_id, ids in themes.items()}


def _groups(since, until, within, limit) -> list[NewsItem]:
    approved = ModerationDecision.objects.filter(
        group=OuterRef("pk"), action=ModerationDecision.Action.APPROVE
    ).order_by("-decided_at")
    groups = UserGroup.objects.filter(status=UserGroup.Status.LISTED).annotate(
        listed_at=Coalesce(Subquery(approved.values("decided_at")[:1]), "created_at")
    )
    if since:
        groups = groups.filter(listed_at__gt=since)
    if until:
        groups = groups.filter(listed_at__lte=until)
    if within is not None:
        groups = groups.filter(themes__in=within).distinct()
    rows = list(groups.order_by("-listed_at", "-pk")[:limit])
    themes = _theme_map(UserGroup.themes.through, "usergroup_id", [g.pk for g in rows])
    return [
        NewsItem(
            kind="groups",
            key=f"group-{g.public_id}",
            title=g.name,
            summary=g.summary,
            url=g.get_absolute_url(),
            published_at=g.listed_at,
            updated_at=g.updated_at,
            theme_ids=themes.get(g.pk, frozenset()),
            group_id=g.pk,
        )
        for g in rows
    ]


def _meetings(since, until, within, limit) -> list[NewsItem]:
    meetings = Meeting.objects.of_listed_groups().scheduled().select_related("group")
    if since:
        meetings = meetings.filter(created_at__gt=since)
    if until:
        meetings = meetings.filter(created_at__lte=until)
    if within is not None:
        meetings = meetings.filter(group__themes__in=within).distinct()
    rows = list(meetings.order_by("-created_at", "-pk")[:limit])
    themes = _theme_map(UserGroup.themes.through, "usergroup_id", [m.group_id for m in rows])
    items = []
    for m in rows:
        when = timezone.localtime(m.starts_at)
        items.append(
            NewsItem(
                kind="meetings",
                key=f"meeting-{m.public_id}",
                title=m.display_title,
                summary=f"{m.group.name}: {when:%A %-d %B %Y, %H:%M} (UK time), "
                f"{m.get_format_display().lower()}.",
                url=m.get_absolute_url(),
                published_at=m.created_at,
                updated_at=m.updated_at,
                theme_ids=themes.get(m.group_id, frozenset()),
                group_id=m.group_id,
                extra=f"{when:%-d %B %Y}",
            )
        )
    return items


def _pages(model, kind, since, until, within, limit) -> list[NewsItem]:
    pages = model.objects.live().public()
    if since:
        pages = pages.filter(first_published_at__gt=since)
    if until:
        pages = pages.filter(first_published_at__lte=until)
    if within is not None:
        pages = pages.filter(themes__in=within).distinct()
    rows = list(pages.order_by("-first_published_at", "-pk")[:limit])
    themes = _theme_map(model.themes.through, f"{model._meta.model_name}_id", [p.pk for p in rows])
    return [
        NewsItem(
            kind=kind,
            key=f"page-{p.pk}",
            title=p.title,
            summary=p.summary,
            url=p.url or "",
            published_at=p.first_published_at,
            updated_at=p.last_published_at or p.first_published_at,
            theme_ids=themes.get(p.pk, frozenset()),
        )
        for p in rows
    ]


# The pages followers are told about when first published.
NEWS_PAGE_MODELS = (UpdatePage, CaseStudyPage)


def news_items(
    *,
    kinds=tuple(KINDS),
    theme=None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
) -> list[NewsItem]:
    """The newest items of these kinds (under a theme and its children, if given), newest first."""
    within = sorted(theme_descendant_ids(theme_ids=[theme.pk])) if theme is not None else None
    items: list[NewsItem] = []
    if "groups" in kinds:
        items += _groups(since, until, within, limit)
    if "meetings" in kinds:
        items += _meetings(since, until, within, limit)
    if "updates" in kinds:
        items += _pages(UpdatePage, "updates", since, until, within, limit)
    if "case-studies" in kinds:
        items += _pages(CaseStudyPage, "case-studies", since, until, within, limit)
    items.sort(key=lambda item: item.published_at, reverse=True)
    return items[:limit]
