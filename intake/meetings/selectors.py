"""Reads for meetings: a group's upcoming and past meetings, the public meetings page and the
calendars."""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cms.editorial.models import Organisation
from intake.meetings.models import Meeting
from intake.models import UserGroup
from themes.models import Theme
from themes.selectors import theme_descendant_ids

# How far back a calendar feed reaches, so it stays small however long a group has met.
CALENDAR_HISTORY = timedelta(days=180)
CALENDAR_LIMIT = 500


def _public() -> QuerySet[Meeting]:
    return Meeting.objects.of_listed_groups().select_related("group")


def meeting_get_public(*, public_id) -> Meeting | None:
    return _public().filter(public_id=public_id).first()


def group_meetings(*, group_id: int, now: datetime | None = None, past_limit: int = 10) -> dict:
    """A group's upcoming meetings (soonest first, cancelled ones shown as cancelled so people
    who planned to go see it) and its recent past ones (latest first)."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(group_id=group_id).select_related("group")
    return {
        "upcoming": list(meetings.filter(ends_at__gt=now).order_by("starts_at")),
        "past": list(meetings.past(now=now).order_by("-starts_at")[:past_limit]),
    }


def group_meetings_for_contact(*, group_id: int) -> QuerySet[Meeting]:
    """Every meeting of the group, newest first, cancelled ones included."""
    return Meeting.objects.filter(group_id=group_id).select_related("group").order_by("-starts_at")


def meeting_for_contact(*, group_id: int, public_id) -> Meeting | None:
    return (
        Meeting.objects.filter(group_id=group_id, public_id=public_id)
        .select_related("group")
        .first()
    )


def _theme_ids(theme: Theme) -> set[int]:
    return theme_descendant_ids(theme_ids=[theme.pk])


def _in_themes(queryset: QuerySet[Meeting], theme_ids: set[int]) -> QuerySet[Meeting]:
    return queryset.filter(
        Exists(
            UserGroup.themes.through.objects.filter(
                usergroup_id=OuterRef("group_id"), theme_id__in=list(theme_ids)
            )
        )
    )


def meeting_upcoming_list(
    *,
    theme: Theme | None = None,
    organisation: Organisation | None = None,
    format: str = "",
    now: datetime | None = None,
) -> QuerySet[Meeting]:
    """Upcoming meetings across every listed group, soonest first, narrowed by the filters."""
    meetings = _public().upcoming(now=now).order_by("starts_at", "id")
    if theme is not None:
        meetings = _in_themes(meetings, _theme_ids(theme))
    if organisation is not None:
        meetings = meetings.filter(
            Q(group__administering_body=organisation)
            | Exists(
                UserGroup.producing_organisations.through.objects.filter(
                    usergroup_id=OuterRef("group_id"), organisation_id=organisation.pk
                )
            )
        )
    if format:
        meetings = meetings.filter(format=format)
    return meetings


def calendar_meetings(
    *, group: UserGroup | None = None, theme: Theme | None = None, now: datetime | None = None
) -> list[Meeting]:
    """What a calendar feed holds: recent and future meetings, cancelled ones included so
    calendar programs remove them."""
    now = now or timezone.now()
    meetings = _public().filter(starts_at__gte=now - CALENDAR_HISTORY)
    if group is not None:
        meetings = meetings.filter(group=group)
    if theme is not None:
        meetings = _in_themes(meetings, _theme_ids(theme))
    return list(meetings.order_by("starts_at", "id")[:CALENDAR_LIMIT])


def theme_meetings_section(*, theme_ids: set[int], theme=None) -> dict | None:
    """The theme-page section with the next meetings of groups under the theme."""
    if not theme_ids:
        return None
    items = list(_in_themes(_public().upcoming(), theme_ids).order_by("starts_at")[:10])
    return {
        "title": "Upcoming meetings",
        "items": items,
        "template": "meetings/includes/theme_meetings.html",
        "more_url": f"/meetings/?theme={theme.slug}" if theme is not None else "/meetings/",
    }
