"""A seeded register with known gaps, and a signed-in editor."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

import pytest

from cms.editorial.models import Organisation
from intake.engagement.models import EngagementRequest
from intake.models import UserGroup
from search.models import QueryLog
from tests.engagement.factories import ChampionFactory, EngagementRequestFactory
from tests.intake.factories import UserGroupFactory
from themes.models import Theme

# A month ago at noon: inside the public page's last year, with "old" records 200 days before.
NOW = timezone.make_aware(
    dt.datetime.combine(timezone.localdate() - dt.timedelta(days=30), dt.time(12, 0))
)


def theme(slug):
    return Theme.objects.get(slug=slug)


def org(slug):
    return Organisation.objects.get(slug=slug)


def log_search(query, *, results=0, theme="", page=1, when=NOW, times=1):
    for _ in range(times):
        QueryLog.objects.create(
            query=query,
            theme=theme,
            result_count=results,
            page=page,
            backend="database",
            duration_ms=3.0,
            created_at=when,
        )


@dataclass
class Register:
    construction_a: UserGroup
    construction_b: UserGroup
    social_care: UserGroup


@pytest.fixture
def register(db) -> Register:
    """Groups under construction and social care; demand, with no group, under housing, crime
    and justice and well-being (the known gaps); noise that must not be counted."""
    construction_a = UserGroupFactory(
        name="Construction statistics users",
        themes=[theme("construction-industry"), theme("international-trade")],
        producing_organisations=[org("ons"), org("dbt")],
        last_confirmed_at=NOW - dt.timedelta(days=30),
    )
    construction_b = UserGroupFactory(
        name="Builders' panel",
        themes=[theme("construction-industry")],
        producing_organisations=[org("ons")],
        last_confirmed_at=NOW - dt.timedelta(days=400),
    )
    social_care = UserGroupFactory(
        name="Social care data forum",
        themes=[theme("social-care")],
        producing_organisations=[org("dhsc")],
        last_confirmed_at=None,
    )
    # Not listed: never counted as coverage.
    UserGroupFactory(
        name="Pending housing group",
        themes=[theme("housing")],
        status=UserGroup.Status.PENDING,
        last_confirmed_at=None,
    )
    UserGroupFactory(
        name="Archived crime group",
        themes=[theme("crime-and-justice")],
        status=UserGroup.Status.ARCHIVED,
    )

    for _ in range(3):
        EngagementRequestFactory(theme=theme("housing"), organisation=org("mhclg"), created_at=NOW)
    EngagementRequestFactory(
        theme=theme("housing"),
        organisation=org("mhclg"),
        created_at=NOW - dt.timedelta(days=200),
    )
    EngagementRequestFactory(
        theme=theme("construction-industry"),
        organisation=org("ons"),
        created_at=NOW,
        status=EngagementRequest.Status.ANSWERED,
        acknowledged_at=NOW + dt.timedelta(days=1),
        answered_at=NOW + dt.timedelta(days=4),
        public_summary="You asked for quarterly construction output by region.",
        public_outcome="We now publish it every quarter.",
    )
    EngagementRequestFactory(
        theme=theme("social-care"),
        organisation=org("dhsc"),
        created_at=NOW,
        status=EngagementRequest.Status.ACKNOWLEDGED,
        acknowledged_at=NOW + dt.timedelta(days=3),
    )

    log_search("crime rates", times=4)  # points to Crime and justice by its words
    log_search("", theme="well-being", times=2)  # a theme chosen, nothing found
    log_search("zzzz")  # points nowhere
    log_search("crime rates", results=3)  # found something: not a gap signal
    log_search("crime rates", page=2)  # a later page of the same search: not counted
    log_search("crime rates", when=NOW - dt.timedelta(days=200))  # outside the month's range

    ChampionFactory(organisation=org("ons"))
    ChampionFactory(organisation=org("ons"))
    ChampionFactory(organisation=org("dhsc"), is_listed=False)
    return Register(construction_a, construction_b, social_care)


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="insights-editor", email="editor@example.gov.uk", password="pw-insights-1"
    )
    client.force_login(user)
    return client
