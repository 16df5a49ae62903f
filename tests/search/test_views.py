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
    assert "25 groups for ‘fishng’" in html  # noqa: RUF001
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
    assert "4 groups" in html  # odd n divisible by 3: 3, 9, 15, 21
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
    assert "No groups found" in html
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


@pytest.fixture
def guidance(home_page, groups, django_capture_on_commit_callbacks):
    """Two published pages about fishing beside the 25 fishing groups."""
    from tests.cms.factories import (
        CaseStudyIndexPageFactory,
        CaseStudyPageFactory,
        StandardPageFactory,
    )

    with django_capture_on_commit_callbacks(execute=True):
        standard = StandardPageFactory(parent=home_page, title="Fishing data guidance")
        index = CaseStudyIndexPageFactory(parent=home_page, title="Stories")
        story = CaseStudyPageFactory(
            parent=index, title="Fishing users shaped the catch release", summary="Ports."
        )
        for page in (standard, index, story):
            page.save_revision().publish()  # indexed as an editor's publishing indexes it
    return [standard, story]


def _results(html: str) -> str:
    return html.split('class="govuk-list hub-results"', 1)[1].split("</ol>", 1)[0]


def test_groups_are_shown_first_and_by_default(client, guidance):
    html = client.get("/search/").content.decode()
    assert re.search(r'role="status" id="search-count">\s*25 groups\s*<', html)
    results = _results(html)
    assert results.count("<li") == 20  # the first page of 25, groups only
    assert "Fishing data guidance" not in results and "Stories" not in results
    # The other kind is a separate, labelled choice with its count, kept in the URL.
    assert '<a class="govuk-link govuk-link--no-visited-state hub-show__link" href="?"' in html
    assert 'aria-current="page">Groups (25)</a>' in html
    assert 'href="?show=pages">Guidance and updates (3)</a>' in html


def test_guidance_and_updates_are_labelled_in_peoples_words(client, guidance):
    html = client.get("/search/", {"q": "fishing", "show": "pages"}).content.decode()
    assert re.search(
        r'id="search-count">\s*2 pages of guidance and updates for ‘fishing’',  # noqa: RUF001
        html,
    )
    results = _results(html)
    assert "Fishing statistics group" not in results
    labels = re.findall(r'<span class="govuk-caption-s">([^<]+)</span>', results)
    assert sorted(labels) == ["Case study", "Guidance"]
    for internal in ("Standard page", "Case study page", "Case study index page", "Top tips page"):
        assert internal not in html
    # Filters and paging keep the choice without JavaScript; the way back keeps the words.
    assert '<input type="hidden" name="show" value="pages">' in html
    assert 'href="?q=fishing">Groups (25)</a>' in html
    # Counts for the facets are those of what is shown: pages have no organisation.
    assert 'name="organisation"' not in html


def test_no_groups_found_points_to_the_pages_that_match(client, guidance):
    html = client.get("/search/", {"q": "guidance"}).content.decode()
    assert "No groups found" in html
    onward = '<a class="govuk-link" href="?q=guidance&amp;show=pages">Guidance and updates: 1 match'
    assert onward in html


def test_an_unknown_choice_of_what_to_show_shows_groups(client, guidance):
    html = client.get("/search/", {"show": "everything"}).content.decode()
    assert 'aria-current="page">Groups (25)</a>' in html
