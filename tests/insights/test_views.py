"""Register health, search and organisation insights: every figure against the records."""

import csv
import datetime as dt
import io
import statistics

from django.utils import timezone

import pytest

from cms.editorial.models import Champion, Organisation
from cms.insights.filters import InsightsScope
from cms.insights.selectors import (
    insights_organisations,
    insights_register_health,
    insights_search,
)
from intake.engagement.models import EngagementRequest
from intake.engagement.selectors import engagement_request_is_overdue
from intake.models import UserGroup
from search.models import QueryLog
from tests.cms.helpers import assert_queries_do_not_grow
from tests.engagement.factories import EngagementRequestFactory
from tests.insights.bulk import grow
from tests.insights.conftest import NOW, log_search
from tests.intake.factories import UserGroupFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


class TestRegisterHealth:
    def test_groups_by_status_equal_the_records(self, register):
        report = insights_register_health(scope=InsightsScope())
        for value, _label, count in report.by_status:
            assert count == UserGroup.objects.filter(status=value).count(), value
        assert {v: c for v, _l, c in report.by_status} == {
            "pending": 1,
            "listed": 3,
            "changes_requested": 0,
            "rejected": 0,
            "archived": 1,
            "hidden": 0,
        }

    def test_listings_in_the_re_confirmation_cycle_equal_the_records(self, register, settings):
        now = timezone.now()
        cycle = dt.timedelta(days=settings.LISTING_CONFIRMATION_CYCLE_DAYS)
        UserGroupFactory(name="Due soon", last_confirmed_at=now - cycle + dt.timedelta(days=5))
        UserGroupFactory(name="Flagged", last_confirmed_at=now - cycle, confirmation_flagged_at=now)
        UserGroupFactory(name="Hidden", status="hidden", last_confirmed_at=now - 2 * cycle)
        report = insights_register_health(scope=InsightsScope(), now=now)
        states = {key: count for key, _label, count in report.states}
        listed = UserGroup.objects.filter(status="listed")
        assert states["flagged"] == listed.exclude(confirmation_flagged_at=None).count() == 1
        assert states["hidden"] == UserGroup.objects.filter(status="hidden").count() == 1
        assert states["current"] + states["due"] + states["flagged"] == listed.count()
        # The register's own listings: confirmed 60 days ago and never (listed recently) are
        # current; the one confirmed 430 days ago is past due but not yet flagged, so due.
        assert states["due"] == 2 and states["current"] == 2

    def test_listed_groups_by_age_since_last_confirmed(self, register):
        now = timezone.now()
        report = insights_register_health(scope=InsightsScope(), now=now)
        bands = {key: count for key, _label, count in report.confirmation}
        # Confirmed 60 days ago, 430 days ago, and never.
        assert bands == {"recent": 1, "half_year": 0, "over_year": 1}
        assert report.never_confirmed == 1
        assert [row["name"] for row in report.oldest] == [
            "Social care data forum",
            "Builders' panel",
            "Construction statistics users",
        ]
        builders = report.oldest[1]
        assert builders["days"] == (now - register.construction_b.last_confirmed_at).days

    def test_theme_filter_counts_each_group_once(self, register):
        business = Theme.objects.get(slug="business-industry-and-trade")
        report = insights_register_health(scope=InsightsScope(theme_id=business.id))
        # Construction group A carries two themes below Business: still one group.
        assert report.listed == 2

    def test_view_and_csv(self, register, editor_client):
        response = editor_client.get(
            "/admin/insights/health/", {"format": "csv", "table": "status"}
        )
        assert list(csv.reader(io.StringIO(response.content.decode())))[1:3] == [
            ["Pending", "1"],
            ["Listed", "3"],
        ]
        page = editor_client.get("/admin/insights/health/").content.decode()
        assert "Never confirmed" in page and 'href="/groups/' in page


class TestSearchInsights:
    def test_figures_equal_the_query_log(self, register):
        report = insights_search(scope=InsightsScope())
        first_pages = QueryLog.objects.filter(page=1)
        assert report.searches == first_pages.count() == 9
        assert report.zero == first_pages.filter(result_count=0).count() == 8
        assert report.top[0] == {"query": "crime rates", "searches": 6, "zero": 5}
        assert [(r["query"], r["searches"], r["themes"]) for r in report.zero_queries] == [
            ("crime rates", 5, ["Crime and justice"]),
            ("", 2, ["Well-being"]),
            ("zzzz", 1, []),
        ]

    def test_queries_by_week(self, register):
        report = insights_search(scope=InsightsScope())
        assert sum(week["searches"] for week in report.weeks) == 9
        recent_week = timezone.localtime(NOW).date()
        recent_week -= dt.timedelta(days=recent_week.weekday())
        assert {"week": recent_week, "searches": 8, "zero": 7} in report.weeks

    def test_a_synonym_points_a_query_to_its_theme(self, db):
        log_search("jobs", times=2)
        report = insights_search(scope=InsightsScope())
        # "jobs" means "labour market, employment" (a seeded synonym).
        assert report.zero_queries[0]["themes"] == [
            "Employment and labour market",
            "Employment and employee types",
        ]

    def test_theme_filter(self, register):
        people = Theme.objects.get(slug="people-population-and-community")
        report = insights_search(scope=InsightsScope(theme_id=people.id))
        assert report.searches == 2  # only the searches made with Well-being chosen
        assert [r["query"] for r in report.zero_queries] == ["crime rates", ""]

    def test_csv_neutralises_formulas_typed_into_search(self, db, editor_client):
        log_search("=HYPERLINK(1)")
        response = editor_client.get(
            "/admin/insights/search/", {"format": "csv", "table": "zero_queries"}
        )
        assert list(csv.reader(io.StringIO(response.content.decode())))[1][0] == "'=HYPERLINK(1)"


class TestOrganisations:
    def test_figures_equal_the_records(self, register):
        rows = {row.name: row for row in insights_organisations(scope=InsightsScope())}
        for org in Organisation.objects.all():
            row = rows[org.name]
            listed = org.produced_groups.filter(status=UserGroup.Status.LISTED)
            assert row.groups == listed.count(), org.slug
            assert (
                row.champions == Champion.objects.filter(organisation=org, is_listed=True).count()
            )
            requests = list(EngagementRequest.objects.filter(organisation=org))
            assert row.requests == len(requests)
            assert row.overdue == sum(
                engagement_request_is_overdue(engagement_request=r) for r in requests
            )

    def test_known_figures(self, register):
        rows = {row.abbreviation: row for row in insights_organisations(scope=InsightsScope())}
        assert (rows["ONS"].groups, rows["ONS"].champions, rows["ONS"].requests) == (2, 2, 1)
        assert rows["DHSC"].champions == 0  # the unlisted champion is not counted
        assert rows["ONS"].median_days_to_acknowledge == pytest.approx(1.0)
        assert rows["ONS"].median_days_to_answer == pytest.approx(4.0)
        assert rows["DHSC"].median_days_to_acknowledge == pytest.approx(3.0)
        assert rows["DHSC"].median_days_to_answer is None
        assert rows["MHCLG"].requests == 4 and rows["MHCLG"].overdue == 4

    def test_median_of_several_requests(self, db):
        ons = Organisation.objects.get(slug="ons")
        days = [1, 2, 10]
        for number in days:
            EngagementRequestFactory(
                organisation=ons,
                created_at=NOW,
                status=EngagementRequest.Status.ACKNOWLEDGED,
                acknowledged_at=NOW + dt.timedelta(days=number),
            )
        rows = {row.abbreviation: row for row in insights_organisations(scope=InsightsScope())}
        assert rows["ONS"].median_days_to_acknowledge == pytest.approx(statistics.median(days))

    def test_sorted_by_requests_on_the_server(self, register, editor_client):
        response = editor_client.get(
            "/admin/insights/organisations/", {"sort": "requests", "order": "desc"}
        )
        assert response.context["rows"][0].abbreviation == "MHCLG"


@pytest.mark.parametrize(
    "url", ["/admin/insights/health/", "/admin/insights/search/", "/admin/insights/organisations/"]
)
def test_query_count_does_not_grow_with_the_register(register, editor_client, url):
    assert_queries_do_not_grow(
        add_items=lambda n: grow(n, now=NOW), request=lambda: editor_client.get(url), large=500
    )


@pytest.mark.parametrize(
    "url", ["/admin/insights/health/", "/admin/insights/search/", "/admin/insights/organisations/"]
)
def test_bad_filter_shows_an_error_never_a_500(register, editor_client, url):
    response = editor_client.get(url, {"date_to": "not a date", "theme": "<script>"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the end date as a real date" in body and "Choose a theme from the list." in body
    assert "<script>" not in body.split("nice-padding insights")[1]
