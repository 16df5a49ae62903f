"""Writes of the insights app: counting form views, and reminding champions of engagement
requests past their deadline."""

import datetime as dt
import logging
from collections import defaultdict

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from cms.editorial.models import Champion
from cms.insights.models import FormViewCount, OverdueReminder
from intake.engagement.links import champion_link
from intake.engagement.models import EngagementRequest
from intake.engagement.selectors import engagement_request_acknowledge_by, overdue_filter
from intake.submissions.emails import email_queue

logger = logging.getLogger("insights")

# Words in the User-Agent of crawlers, link previews and scripted clients: their visits are
# not people starting a form.
_AUTOMATED_AGENTS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "facebookexternalhit",
    "curl",
    "wget",
    "python-",
    "go-http-client",
    "java/",
    "headless",
    "monitor",
)


def request_is_a_person_viewing(request) -> bool:
    """A GET from what looks like a browser: not a HEAD, a link checker or a crawler."""
    if request.method != "GET":
        return False
    agent = (request.META.get("HTTP_USER_AGENT") or "").lower()
    return bool(agent) and not any(word in agent for word in _AUTOMATED_AGENTS)


def form_view_record(*, form: str, day: dt.date | None = None) -> bool:
    """Add one to today's count of views of ``form``, in one statement (an UPSERT, so two
    views at once both count). Never raises: a failed count must not fail the page, so it
    is logged and the page goes on."""
    day = day or timezone.localdate()
    table = connection.ops.quote_name(FormViewCount._meta.db_table)
    # Both SQLite (3.24+) and PostgreSQL take this form; Django's ORM has no increment-UPSERT.
    # The table name is the model's own; the values go as parameters.
    sql = (
        f"INSERT INTO {table} (form, viewed_on, views) VALUES (%s, %s, 1)"  # noqa: S608
        f" ON CONFLICT (form, viewed_on) DO UPDATE SET views = {table}.views + 1"
    )
    try:
        # Inside a transaction (a test, a wrapping view) a savepoint keeps a failure here
        # from spoiling it; in autocommit the statement stands alone.
        if connection.in_atomic_block:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [form, day])
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, [form, day])
    except DatabaseError:
        logger.warning("form view not counted", extra={"form": form}, exc_info=True)
        return False
    return True


def overdue_reminders_send(*, today: dt.date | None = None, progress=None) -> dict[str, int]:
    """Email each listed champion of an organisation with overdue requests one reminder listing
    them, at most once a day. Organisations without a listed champion are counted, not emailed
    (the hub team sees them on the Organisations insights).
    """
    today = today or timezone.localdate()
    overdue = list(
        EngagementRequest.objects.filter(overdue_filter(today=today))
        .select_related("organisation", "theme")
        .order_by("created_at", "id")
    )
    by_organisation = defaultdict(list)
    for request in overdue:
        by_organisation[request.organisation_id].append(request)
    champions = list(
        Champion.objects.filter(organisation_id__in=list(by_organisation), is_listed=True)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    already = set(
        OverdueReminder.objects.filter(sent_on=today).values_list("champion_id", flat=True)
    )
    result = {
        "overdue": len(overdue),
        "sent": 0,
        "already_reminded": 0,
        "without_champion": len(set(by_organisation) - {c.organisation_id for c in champions}),
    }
    for number, champion in enumerate(champions, 1):
        if progress:
            progress(number, len(champions))
        if champion.id in already:
            result["already_reminded"] += 1
            continue
        requests = by_organisation[champion.organisation_id]
        try:
            with transaction.atomic():
                OverdueReminder.objects.create(
                    champion=champion, sent_on=today, request_count=len(requests)
                )
                email_queue(
                    to=[champion.email],
                    template="insights/overdue_reminder",
                    subject=(
                        f"{len(requests)} engagement request{'s' if len(requests) != 1 else ''}"
                        f" for {champion.organisation.name} waiting past the deadline"
                    ),
                    context={
                        "champion": champion,
                        "organisation": champion.organisation,
                        "items": [
                            {
                                "request": request,
                                "acknowledge_by": engagement_request_acknowledge_by(
                                    engagement_request=request
                                ),
                                "handle_url": champion_link(
                                    engagement_request_id=request.id, champion_id=champion.id
                                ),
                            }
                            for request in requests
                        ],
                    },
                )
        except IntegrityError:  # another run reminded this champion a moment ago
            result["already_reminded"] += 1
            continue
        result["sent"] += 1
    logger.info("overdue reminders", extra={"day": today.isoformat(), **result})
    return result
