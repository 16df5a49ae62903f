"""The search page over real HTTP (Django test client), embedded backend."""

import re

import pytest

from search.models import QueryLog
from tests.search.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            UserGroupFactory(
                name=f"Fishing statistics group {n:02d}",
                summary="Catches, fleets and ports.",
                themes=["business"],
                organisations=["defra"] if n % 2 else ["ons"],
                membership="open" if n % 3 else "request",
                format="online",
            )
            for n in range(25)
        ]


def test_results_with_highlights_facets_and_counts(client, groups):
    response = client.get("/search/", {"q": "fishng"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "25 results for ‘fishng’" in html  # noqa: RUF001
    assert '<mark class="hub-highlight">Fishing</mark> statistics group 00' in html
    # Each facet shows every value with results and its count.
    assert re.search(
        r"Department for Environment, Food and Rural Affairs \(Defra\)\s*<span[^>]*>\(12\)", html
    )
    assert re.search(r"Open to all\s*<span[^>]*>\(16\)", html)
    assert 'name="theme" type="checkbox" value="business-industry-and-trade"' in html


def test_filters_narrow_results_and_keep_other_facets_widenable(client, groups):
    response = client.get(
        "/search/", {"q": "fishing", "membership": "request", "organisation": "defra"}
    )
    html = response.content.decode()
    assert "4 results" in html  # odd n divisible by 3: 3, 9, 15, 21
    # Membership counts ignore the membership choice but respect the organisation choice.
    assert re.search(r"Open to all\s*<span[^>]*>\(8\)", html)
    assert 'value="request" checked' in html
    assert "Remove filter: Membership: Request to join" in html


def test_pages_are_numbered_and_bookmarkable(client, groups):
    first = client.get("/search/", {"q": "fishing", "sort": "name"}).content.decode()
    assert "statistics group 19" in first and "group 20" not in first
    assert 'href="?q=fishing&amp;sort=name&amp;page=2"' in first
    second = client.get("/search/?q=fishing&sort=name&page=2").content.decode()
    assert "group 20" in second and "group 19" not in second
    assert 'aria-current="page">2</a>' in second


def test_zero_results_help_the_user_onwards(client, groups):
    response = client.get("/search/", {"q": "inflation", "organisation": "defra"})
    html = response.content.decode()
    assert "No results found" in html
    assert "removing the filter ‘Organisation: Department for Environment" in html  # noqa: RUF001
    assert 'href="/themes/inflation-and-price-indices/"' in html
    assert 'href="/groups/register/?theme=' in html
    assert 'href="/request-engagement/?theme=' in html


def test_the_page_works_without_javascript_and_has_no_inline_script(client, groups):
    html = client.get("/search/", {"q": "fishing"}).content.decode()
    assert '<form action="" method="get"' in html
    assert "Apply filters" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "/static/search/js/autocomplete.js" in html


def test_a_search_is_logged_without_personal_data(client, groups):
    client.get(
        "/search/", {"q": "fishing jane.doe@example.com SW1A 1AA 07700900123", "format": "online"}
    )
    log = QueryLog.objects.get()
    assert log.query == "fishing [email] [postcode] [number]"
    assert log.filters == {"format": ["online"]}
    assert log.result_count == 0 and log.backend == "database"
    assert not hasattr(log, "ip_address") and not hasattr(log, "session_key")


@pytest.mark.parametrize(
    "query",
    ["?page=abc", "?page=-4", "?page=999999999999", "?sort=drop+table", "?theme=%00",
     "?q=" + "a" * 5000, "?q=%E2%80%AE%F0%9F%98%80", "?q=\"unbalanced", "?q=NEAR(a+b)",
     "?q=a*+OR+-b", "?theme=" + "x" * 300, "?q=%ue000mark"],
)  # fmt: skip
def test_odd_input_never_fails(client, groups, query):
    assert client.get("/search/" + query).status_code == 200


def test_highlighting_never_lets_markup_through(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        UserGroupFactory(
            name='<img src=x onerror="alert(1)"> Falconry users', summary="<b>bold</b>"
        )
    html = client.get("/search/", {"q": "falconry"}).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark" in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html


def test_groups_show_their_next_meeting(client, django_capture_on_commit_callbacks):
    from datetime import UTC, datetime

    with django_capture_on_commit_callbacks(execute=True):
        UserGroupFactory(name="Beekeeping users", next_meeting=datetime(2031, 3, 5, 10, tzinfo=UTC))
    html = client.get("/search/", {"q": "beekeeping"}).content.decode()
    assert 'Next meeting: <time datetime="2031-03-05' in html and "5 March 2031" in html
