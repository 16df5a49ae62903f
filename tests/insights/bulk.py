"""A register grown by hundreds of records in a few statements, for the query-count tests.

Factories save one row (and its links) at a time; growing the register from 5 to 500 groups
that way would make each test slow. ``grow`` writes the same kinds of records with
``bulk_create``: listed and pending groups on themes and organisations, requests (waiting,
acknowledged, answered), champions, searches and requests to join, spread over several weeks.
"""

import datetime as dt
import itertools

from django.utils import timezone

from cms.editorial.models import Champion, Organisation
from cms.insights.models import FormViewCount
from intake.engagement.models import EngagementRequest
from intake.engagement.references import ALPHABET, LENGTH, PREFIX
from intake.models import Membership, UserGroup
from search.models import QueryLog
from themes.models import Theme

_counter = itertools.count()

Status = EngagementRequest.Status
JOIN_STEPS = [Membership.Status.UNCONFIRMED, Membership.Status.PENDING, Membership.Status.ACTIVE]


def _reference(number: int) -> str:
    """A reference of the usual shape made from the record's number: random ones, hundreds at
    a time with no retry on a clash as the service has, would now and then repeat one."""
    symbols = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return PREFIX + "".join(reversed(symbols))


def grow(n: int, *, now: dt.datetime | None = None) -> None:
    """Add ``n`` groups, each with a request, a champion, a search and a request to join."""
    now = now or timezone.now()
    themes = list(Theme.objects.order_by("id"))
    organisations = list(Organisation.objects.order_by("id"))
    numbers = [next(_counter) for _ in range(n)]

    def when(number):
        return now - dt.timedelta(days=7 * (number % 6), hours=number % 5)

    groups = UserGroup.objects.bulk_create(
        UserGroup(
            name=f"Bulk group {number}",
            slug=f"bulk-group-{number}",
            summary="A group.",
            description="A group for counting queries.",
            administering_body=organisations[number % len(organisations)],
            membership=UserGroup.Membership.OPEN,
            meeting_frequency=UserGroup.Frequency.QUARTERLY,
            format=UserGroup.Format.ONLINE,
            contact_name=f"Contact {number}",
            contact_email=f"bulk{number}@example.gov.uk",
            status=UserGroup.Status.PENDING if number % 7 == 0 else UserGroup.Status.LISTED,
            created_at=when(number),
            email_verified_at=None if number % 3 == 0 else when(number),
            last_confirmed_at=None if number % 4 == 0 else now - dt.timedelta(days=number % 500),
        )
        for number in numbers
    )
    UserGroup.themes.through.objects.bulk_create(
        UserGroup.themes.through(
            usergroup_id=group.id, theme_id=themes[(number + k) % len(themes)].id
        )
        for group, number in zip(groups, numbers, strict=True)
        for k in range(1 + number % 2)
    )
    UserGroup.producing_organisations.through.objects.bulk_create(
        UserGroup.producing_organisations.through(
            usergroup_id=group.id, organisation_id=organisations[number % len(organisations)].id
        )
        for group, number in zip(groups, numbers, strict=True)
    )
    EngagementRequest.objects.bulk_create(
        EngagementRequest(
            reference=_reference(number),
            organisation=organisations[number % len(organisations)],
            theme=themes[number % len(themes)],
            statistics="Rents by region",
            kind=EngagementRequest.Kind.NEW_DATA,
            description="Please.",
            name=f"Requester {number}",
            email=f"requester-bulk{number}@example.org",
            consent_to_publish=number % 2 == 0,
            consent_given_at=when(number),
            privacy_notice_version="2026-01",
            created_at=when(number),
            **(
                {"status": Status.RECEIVED}
                if number % 3 == 0
                else {"status": Status.ACKNOWLEDGED, "acknowledged_at": when(number)}
                if number % 3 == 1
                else {
                    "status": Status.ANSWERED,
                    "acknowledged_at": when(number),
                    "answered_at": when(number) + dt.timedelta(days=2),
                    "public_summary": "You asked for rents by region.",
                    "public_outcome": "We publish them.",
                }
            ),
        )
        for number in numbers
    )
    Champion.objects.bulk_create(
        Champion(
            name=f"Champion {number}",
            role="Statistician",
            organisation=organisations[number % len(organisations)],
            email=f"champion-bulk{number}@example.gov.uk",
            is_listed=number % 5 != 0,
        )
        for number in numbers
    )
    QueryLog.objects.bulk_create(
        QueryLog(
            query=f"query {number}",
            theme="" if number % 2 else themes[number % len(themes)].slug,
            result_count=number % 3,
            page=1,
            backend="database",
            duration_ms=2.0,
            created_at=when(number),
        )
        for number in numbers
    )
    Membership.objects.bulk_create(
        Membership(
            group=group,
            name=f"Member {number}",
            email=f"member-bulk{number}@example.org",
            status=[
                Membership.Status.UNCONFIRMED,
                Membership.Status.PENDING,
                Membership.Status.ACTIVE,
            ][number % 3],
            confirmed_at=None if number % 3 == 0 else when(number),
            decided_at=when(number) if number % 3 == 2 else None,
            consent_given_at=when(number),
            privacy_notice_version="2026-01",
            created_at=when(number),
        )
        for group, number in zip(groups, numbers, strict=True)
    )
    for number in numbers[:20]:  # days of views of the registration form, a few weeks' worth
        FormViewCount.objects.get_or_create(
            form=FormViewCount.Form.GROUP_REGISTRATION,
            viewed_on=timezone.localdate(when(number)) - dt.timedelta(days=number % 7),
            defaults={"views": 3 + number % 4},
        )
