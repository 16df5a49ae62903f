"""Coverage by theme: every figure equals a count made directly from the records."""

import csv
import datetime as dt
import io

import pytest

from cms.insights.filters import InsightsScope
from cms.insights.selectors import insights_theme_coverage
from tests.cms.helpers import assert_queries_do_not_grow
from tests.insights.bulk import grow
from tests.insights.conftest import NOW
from tests.insights.reference import naive_coverage
from themes.models import Theme

pytestmark = pytest.mark.django_db

MONTH = InsightsScope(
    date_from=NOW.date() - dt.timedelta(days=14), date_to=NOW.date() + dt.timedelta(days=14)
)
MONTH_PARAMS = {"date_from": MONTH.date_from.isoformat(), "date_to": MONTH.date_to.isoformat()}
URL = "/admin/insights/coverage/"


def by_slug(report):
    return {row.slug: row for row in report.rows}


def test_every_figure_equals_a_count_from_the_records(register):
    rows = by_slug(insights_theme_coverage(scope=InsightsScope()))
    expected = naive_coverage()
    assert set(rows) == set(Theme.objects.values_list("slug", flat=True))
    for slug, figures in expected.items():
        row = rows[slug]
        assert row.own_groups == figures["own_groups"], slug
        assert row.groups == figures["groups"], slug
        assert row.organisation_count == figures["organisations"], slug
        assert row.requests == figures["requests"], slug
        assert row.you_said_we_did == figures["you_said_we_did"], slug


def test_known_figures_of_the_seeded_register(register):
    rows = by_slug(insights_theme_coverage(scope=InsightsScope()))
    construction = rows["construction-industry"]
    assert (construction.own_groups, construction.groups) == (2, 2)
    assert construction.organisations == ["DBT", "ONS"]
    assert construction.requests == 1 and construction.you_said_we_did == 1
    business = rows["business-industry-and-trade"]
    # Construction group A is also tagged international trade: the parent counts it once.
    assert (business.own_groups, business.groups) == (0, 2)
    people = rows["people-population-and-community"]
    assert people.groups == 1  # the social care group, two levels down
    assert people.organisations == ["DHSC"]
    assert people.requests == 5  # 4 on housing (one old), 1 on social care
    # The pending housing group and the archived crime group never count.
    assert rows["housing"].groups == 0 and rows["crime-and-justice"].groups == 0


def test_zero_result_searches_count_by_chosen_theme_and_by_the_words_typed(register):
    rows = by_slug(insights_theme_coverage(scope=InsightsScope()))
    # "crime rates": 4 recently and 1 long before with no results on page 1; the search that
    # found something and the second page are not counted.
    assert rows["crime-and-justice"].zero_searches == 5
    assert rows["well-being"].zero_searches == 2
    assert rows["people-population-and-community"].zero_searches == 7
    assert rows["economy"].zero_searches == 0


def test_gaps_are_the_themes_with_demand_and_no_group_sorted_by_demand(register):
    report = insights_theme_coverage(scope=InsightsScope())
    assert [(gap.slug, gap.demand) for gap in report.gaps] == [
        ("crime-and-justice", 5),
        ("housing", 4),
        ("well-being", 2),
    ]


def test_the_date_range_narrows_requests_entries_and_searches_but_not_groups(register):
    rows = by_slug(insights_theme_coverage(scope=MONTH))
    assert rows["housing"].requests == 3
    assert rows["crime-and-justice"].zero_searches == 4
    assert rows["construction-industry"].groups == 2
    assert rows["construction-industry"].you_said_we_did == 1
    expected = naive_coverage(
        within_requests=MONTH.within("created_at"),
        within_entries=MONTH.within("answered_at"),
    )
    for slug, row in rows.items():
        assert row.requests == expected[slug]["requests"], slug
        assert row.you_said_we_did == expected[slug]["you_said_we_did"], slug
    after = InsightsScope(date_from=NOW.date() + dt.timedelta(days=1))
    assert by_slug(insights_theme_coverage(scope=after))["construction-industry"].requests == 0


def test_a_theme_filter_shows_the_theme_and_the_themes_below_it(register):
    people = Theme.objects.get(slug="people-population-and-community")
    report = insights_theme_coverage(scope=InsightsScope(theme_id=people.id))
    assert report.rows[0].slug == people.slug
    assert {row.slug for row in report.rows} == {
        theme.slug for theme in Theme.objects.filter(id__in=_subtree(people))
    }
    assert [gap.slug for gap in report.gaps] == ["crime-and-justice", "housing", "well-being"]


def _subtree(theme):
    ids, stack = [], [theme]
    while stack:
        node = stack.pop()
        ids.append(node.id)
        stack.extend(node.children.all())
    return ids


class TestAdminView:
    def test_shows_the_gaps_and_the_table(self, register, editor_client):
        response = editor_client.get(URL)
        body = response.content.decode()
        assert response.status_code == 200
        gaps = body.split('id="gaps"')[1].split("</table>")[0]
        assert gaps.index("Crime and justice") < gaps.index("Housing") < gaps.index("Well-being")
        assert "<svg" in body and "Listed groups and demand by theme" in body
        assert "<script" not in body.split('class="nice-padding insights"')[1].split("</main>")[0]

    def test_sorts_on_the_server_by_the_query_string(self, register, editor_client):
        response = editor_client.get(URL, {"sort": "demand", "order": "desc"})
        rows = response.context["report"].rows
        assert [row.demand for row in rows] == sorted((row.demand for row in rows), reverse=True)
        assert rows[0].slug == "people-population-and-community"
        body = response.content.decode()
        assert 'aria-sort="descending"' in body
        # The heading links to the opposite order, keeping the filter.
        assert "?sort=demand&amp;order=asc#coverage" in body

    def test_unknown_sort_falls_back_to_tree_order(self, register, editor_client):
        response = editor_client.get(URL, {"sort": "drop table", "order": "sideways"})
        assert response.status_code == 200
        assert response.context["report"].rows[0].slug == "business-industry-and-trade"

    def test_each_theme_links_to_the_view_narrowed_to_it(self, register, editor_client):
        body = editor_client.get(URL, MONTH_PARAMS).content.decode()
        link = (
            f'href="?date_from={MONTH.date_from.isoformat()}&amp;'
            f'date_to={MONTH.date_to.isoformat()}&amp;theme=housing#coverage">Housing</a>'
        )
        assert link in body

    def test_filters_by_date_and_theme(self, register, editor_client):
        response = editor_client.get(URL, {**MONTH_PARAMS, "theme": "housing"})
        rows = response.context["report"].rows
        assert [(row.slug, row.requests) for row in rows] == [("housing", 3)]

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"date_from": "31/02/2026"}, "Enter the start date as a real date"),
            ({"date_from": "2026-06-30", "date_to": "2026-06-01"}, "The end date must be"),
            ({"theme": "no-such-theme"}, "Choose a theme from the list."),
        ],
    )
    def test_bad_filter_shows_an_error_and_changes_nothing(
        self, register, editor_client, params, message
    ):
        response = editor_client.get(URL, params)
        assert response.status_code == 200
        body = response.content.decode()
        assert "There is a problem" in body and message in body
        rows = {row.slug: row for row in response.context["report"].rows}
        assert rows["housing"].requests == 4  # every date, as if unfiltered

    def test_csv_is_the_table(self, register, editor_client):
        response = editor_client.get(URL, {"format": "csv", **MONTH_PARAMS})
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][0] == "Theme" and rows[0][-1].startswith("Demand")
        housing = next(row for row in rows if row[0] == "Housing")
        assert housing[1:] == ["0", "0", "0", "3", "0", "0", "3"]
        gaps = editor_client.get(URL, {"format": "csv", "table": "gaps"})
        assert list(csv.reader(io.StringIO(gaps.content.decode())))[1] == [
            "Crime and justice",
            "0",
            "5",
            "5",
        ]

    def test_needs_an_admin_account(self, client, register):
        response = client.get(URL)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_query_count_does_not_grow_with_the_register(self, register, editor_client):
        assert_queries_do_not_grow(
            add_items=grow, request=lambda: editor_client.get(URL), large=500
        )


class TestStateOfEngagement:
    def test_public_page_shows_groups_per_top_level_theme_and_the_gaps(self, register, client):
        response = client.get("/state-of-engagement/")
        body = response.content.decode()
        assert response.status_code == 200
        top = {row.slug: row.groups for row in response.context["top_level"]}
        assert top == {
            "business-industry-and-trade": 2,
            "census": 0,
            "economy": 0,
            "employment-and-labour-market": 0,
            "people-population-and-community": 1,
        }
        assert [gap.slug for gap in response.context["gaps"]] == [
            "crime-and-justice",
            "housing",
            "well-being",
        ]
        assert 'href="/groups/register/"' in body and "Register your group" in body
        assert "zzzz" not in body and "crime rates" not in body  # no one's search text

    def test_is_linked_from_the_footer(self, client, home_page):
        body = client.get("/").content.decode()
        assert 'href="/state-of-engagement/">State of engagement</a>' in body


def test_public_page_query_count_does_not_grow_with_the_register(register, client):
    count = assert_queries_do_not_grow(
        add_items=grow, request=lambda: client.get("/state-of-engagement/"), large=500
    )
    assert count <= 12
