"""Engagement requests against their working-day acknowledgement deadline."""

import datetime as dt
from urllib.parse import urlsplit

from django.utils import timezone

import pytest

from cms.insights.filters import InsightsScope
from cms.insights.selectors import insights_engagement_deadlines
from intake.engagement.links import status_link
from intake.engagement.models import EngagementRequest
from intake.engagement.selectors import engagement_request_is_overdue
from tests.cms.helpers import assert_queries_do_not_grow
from tests.engagement.factories import ChampionFactory, EngagementRequestFactory, organisation
from tests.insights.bulk import grow

pytestmark = pytest.mark.django_db

# A Monday, so five working days later is the next Monday.
MONDAY = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 3, 20)
Status = EngagementRequest.Status


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def requests(db, settings):
    settings.ENGAGEMENT_ACKNOWLEDGE_WORKING_DAYS = 5
    settings.ENGAGEMENT_BANK_HOLIDAYS_SUBDIVISION = ""
    ons, dwp = organisation("ons"), organisation("dwp")
    made = [
        # On time: acknowledged on the deadline day (the next Monday).
        EngagementRequestFactory(
            organisation=ons,
            created_at=at(MONDAY),
            status=Status.ACKNOWLEDGED,
            acknowledged_at=at(MONDAY + dt.timedelta(days=7)),
        ),
        # Late: answered (without a separate acknowledgement) the Tuesday after.
        EngagementRequestFactory(
            organisation=ons,
            created_at=at(MONDAY),
            status=Status.ANSWERED,
            answered_at=at(MONDAY + dt.timedelta(days=8)),
        ),
        # Overdue: still waiting on TODAY, two weeks on.
        EngagementRequestFactory(organisation=dwp, created_at=at(MONDAY)),
        # Waiting, not yet due.
        EngagementRequestFactory(organisation=dwp, created_at=at(TODAY - dt.timedelta(days=1))),
    ]
    return made


def test_every_request_is_counted_once_against_its_deadline(requests):
    report = insights_engagement_deadlines(scope=InsightsScope(), today=TODAY)
    assert report.totals == {
        "received": 4,
        "on_time": 1,
        "late": 1,
        "waiting": 1,
        "overdue": 1,
        "answered": 1,
    }
    overdue = sum(
        engagement_request_is_overdue(engagement_request=r, today=TODAY) for r in requests
    )
    assert report.totals["overdue"] == overdue


def test_by_week_and_by_organisation(requests):
    report = insights_engagement_deadlines(scope=InsightsScope(), today=TODAY)
    assert [(row["week"], row["received"]) for row in report.weeks] == [
        (MONDAY, 3),
        (TODAY - dt.timedelta(days=1 + (TODAY - dt.timedelta(days=1)).weekday()), 1),
    ]
    by_org = {row["name"]: row for row in report.organisations}
    assert (
        by_org["Office for National Statistics"]["on_time"],
        by_org["Office for National Statistics"]["late"],
    ) == (1, 1)
    assert (
        by_org["Department for Work and Pensions"]["overdue"],
        by_org["Department for Work and Pensions"]["waiting"],
    ) == (1, 1)


def test_view_csv_and_query_count(requests, editor_client):
    response = editor_client.get(
        "/admin/insights/deadlines/", {"format": "csv", "table": "deadline_organisations"}
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Organisation,Received,Acknowledged within the target")
    assert len(lines) == 3

    assert_queries_do_not_grow(
        add_items=grow, request=lambda: editor_client.get("/admin/insights/deadlines/"), large=500
    )


def test_the_requesters_status_page_says_when_acknowledgement_is_due(requests, client):
    waiting, acknowledged = requests[3], requests[0]
    body = client.get(urlsplit(status_link(reference=waiting.reference)).path).content.decode()
    due = waiting.acknowledge_by()
    assert "Acknowledgement due by" in body and f"{due.day} {due:%B %Y}" in body
    body = client.get(urlsplit(status_link(reference=acknowledged.reference)).path).content.decode()
    assert "Acknowledgement due by" not in body


def test_the_status_page_says_when_a_request_is_late_and_who_is_chasing_it(db, client):
    def page(engagement_request):
        path = urlsplit(status_link(reference=engagement_request.reference)).path
        return client.get(path).content.decode()

    fresh = EngagementRequestFactory(organisation=organisation("dwp"))
    body = page(fresh)
    assert "Acknowledgement due by" in body and "Late" not in body
    assert "not acknowledged your request in time" not in body

    long_ago = timezone.now() - dt.timedelta(days=30)
    late = EngagementRequestFactory(organisation=organisation("dwp"), created_at=long_ago)
    body = page(late)
    assert "Late</strong>" in body and "not acknowledged your request in time" in body
    # No listed champion at DWP: the page does not claim anyone is being reminded.
    assert "champions are reminded" not in body
    assert "hub team sees every late request in its reports" in body
    ChampionFactory(organisation=organisation("dwp"), is_listed=False)
    assert "champions are reminded" not in page(late)
    ChampionFactory(organisation=organisation("dwp"))
    assert "champions are reminded each working day" in page(late)
