"""Reads for engagement requests, success stories and champion sign-ups."""

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from cms.editorial.models import Champion
from intake.engagement.models import ChampionSignup, EngagementRequest, EngagementStatusChange
from intake.engagement.workdays import add_working_days, latest_overdue_date

Status = EngagementRequest.Status


def acknowledge_working_days() -> int:
    return settings.ENGAGEMENT_ACKNOWLEDGE_WORKING_DAYS


def engagement_request_acknowledge_by(*, engagement_request: EngagementRequest) -> dt.date:
    """The last working day on which the request can be acknowledged without being overdue."""
    received = timezone.localdate(engagement_request.created_at)
    return add_working_days(received, acknowledge_working_days())


def engagement_request_is_overdue(
    *, engagement_request: EngagementRequest, today: dt.date | None = None
) -> bool:
    if engagement_request.status != Status.RECEIVED:
        return False
    today = today or timezone.localdate()
    return today > engagement_request_acknowledge_by(engagement_request=engagement_request)


def overdue_filter(*, today: dt.date | None = None) -> Q:
    """A filter for requests still waiting for acknowledgement past their deadline."""
    today = today or timezone.localdate()
    last_day = latest_overdue_date(today, acknowledge_working_days())
    start_of_next = timezone.make_aware(
        dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min)
    )
    return Q(status=Status.RECEIVED, created_at__lt=start_of_next)


def organisation_has_listed_champions(*, organisation_id: int) -> bool:
    return Champion.objects.filter(organisation_id=organisation_id, is_listed=True).exists()


def engagement_request_admin_queryset() -> QuerySet[EngagementRequest]:
    return EngagementRequest.objects.select_related("organisation", "theme")


def engagement_request_history(*, engagement_request_id: int) -> list:
    return list(
        EngagementStatusChange.objects.filter(request_id=engagement_request_id).order_by(
            "changed_at", "id"
        )
    )


def you_said_we_did_list() -> QuerySet[EngagementRequest]:
    """Answered requests whose requester consented and that an editor summarised.

    Only the fields the public page shows are loaded, so personal data never leaves the
    database on this path.
    """
    return (
        EngagementRequest.objects.filter(
            consent_to_publish=True,
            status__in=[Status.ANSWERED, Status.CLOSED],
            answered_at__isnull=False,
        )
        .exclude(public_summary="")
        .exclude(public_outcome="")
        .select_related("organisation", "theme")
        .only(
            "id",
            "reference",
            "kind",
            "answered_at",
            "public_summary",
            "public_outcome",
            "organisation__name",
            "organisation__abbreviation",
            "theme__name",
            "theme__slug",
        )
        .order_by("-answered_at", "-id")
    )


def champions_for_organisation(*, organisation_id: int) -> list[Champion]:
    return list(
        Champion.objects.filter(organisation_id=organisation_id, is_listed=True).order_by("name")
    )


def champion_signup_admin_queryset() -> QuerySet[ChampionSignup]:
    return ChampionSignup.objects.select_related("organisation", "decided_by").prefetch_related(
        "themes"
    )


def theme_you_said_we_did_section(*, theme_ids: set[int], theme=None) -> dict | None:
    """The theme page's "You said, we did" section (theme_ids already include the children)."""
    if not theme_ids:
        return None
    items = list(you_said_we_did_list().filter(theme_id__in=list(theme_ids))[:5])
    more = "/you-said-we-did/"
    if theme is not None:
        more += f"?theme={theme.slug}"
    return {
        "title": "You said, we did",
        "items": items,
        "template": "engagement/includes/theme_you_said_we_did.html",
        "more_url": more,
    }


def you_said_we_did_count(*, theme_ids: set[int]) -> int:
    return you_said_we_did_list().filter(theme_id__in=list(theme_ids)).count()
