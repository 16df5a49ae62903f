"""Listing pagination: the same page as Django's paginator gives, in one query."""

from django.core.paginator import Paginator
from django.test import RequestFactory

import pytest

from cms.pagination import API_PAGE_SIZE, api_page, page_links, paginate
from tests.intake.factories import UserGroupFactory
from tests.themes.factories import ThemeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

PER_PAGE = 10


def listing():
    return Theme.objects.order_by("name", "pk")


def get(page):
    query = {} if page is None else {"page": page}
    return RequestFactory().get("/listing/", query)


def expected(page):
    """What Django's own paginator answers, with a count and then the rows."""
    page_obj = Paginator(listing(), PER_PAGE).get_page(page)
    return page_obj.number, page_obj.paginator.count, [theme.pk for theme in page_obj]


@pytest.mark.parametrize("page", [None, "", "1", "2", "4", "abc", "2.0"])
def test_same_page_as_djangos_paginator_in_one_query(page, django_assert_num_queries):
    ThemeFactory.create_batch(max(0, 35 - Theme.objects.count()))
    want = expected(page)

    with django_assert_num_queries(1):
        page_obj = paginate(get(page), listing(), per_page=PER_PAGE)
        got = page_obj.number, page_obj.paginator.count, [theme.pk for theme in page_obj]

    assert got == want
    links = page_links(number=page_obj.number, page_count=page_obj.paginator.num_pages, url_for=str)
    assert links["items"], "the page has its numbered links"


@pytest.mark.parametrize("page", ["99", "99999999999999999999999", "0", "-1"])
def test_past_the_end_gives_the_last_page_in_two_queries(page, django_assert_num_queries):
    """Only an empty read shows the page is past the end; the last page is read from the end."""
    ThemeFactory.create_batch(max(0, 35 - Theme.objects.count()) + 3)
    want = expected(page)

    # Page 99 is read before it is known to be empty; the others cannot be pages at all.
    with django_assert_num_queries(2 if page == "99" else 1):
        page_obj = paginate(get(page), listing(), per_page=PER_PAGE)
        got = page_obj.number, page_obj.paginator.count, [theme.pk for theme in page_obj]

    assert got == want
    assert page_obj.number == page_obj.paginator.num_pages


@pytest.mark.parametrize(("page", "queries"), [(None, 1), ("1", 1), ("3", 2)])
def test_an_empty_listing_is_one_empty_page(page, queries, django_assert_num_queries):
    with django_assert_num_queries(queries):
        nothing = Theme.objects.filter(name="No such theme").order_by("pk")
        page_obj = paginate(get(page), nothing, per_page=PER_PAGE)
        assert list(page_obj) == []
    assert page_obj.number == 1
    assert page_obj.paginator.count == 0


def test_a_distinct_listing_is_counted_after_distinct():
    themes = ThemeFactory.create_batch(3)
    for theme in themes:
        ThemeFactory.create_batch(2, parent=theme)
    parents = Theme.objects.filter(children__isnull=False).distinct().order_by("pk")
    page_obj = paginate(get("1"), parents, per_page=2)
    assert page_obj.paginator.count == parents.count()
    assert [theme.pk for theme in page_obj] == [theme.pk for theme in parents[:2]]


def _shown(links) -> list:
    return [item.get("number", "…") for item in links["items"]]


def test_page_links_elide_the_middle_and_mark_the_current_page():
    links = page_links(number=7, page_count=20, url_for=lambda n: f"?page={n}")
    assert _shown(links) == [1, "…", 6, 7, 8, "…", 20]
    assert [item["number"] for item in links["items"] if item.get("current")] == [7]
    assert (links["previous_url"], links["next_url"]) == ("?page=6", "?page=8")


def test_page_links_for_one_page_show_nothing():
    assert page_links(number=1, page_count=1, url_for=str)["items"] == []


def test_page_links_past_the_end_lead_back_to_the_last_page():
    links = page_links(number=999_999_999_999, page_count=5, url_for=lambda n: f"?page={n}")
    assert _shown(links) == [1, "…", 4, 5]
    assert not any(item.get("current") for item in links["items"])
    assert (links["previous_url"], links["next_url"]) == ("?page=5", None)


@pytest.mark.parametrize("path", ["/groups/?theme=census", "/search/?q=statistics"])
def test_every_listing_uses_the_same_pagination(client, path, django_capture_on_commit_callbacks):
    """The directory, search and the editorial listings share one component."""
    census = Theme.objects.filter(slug="census").first() or ThemeFactory(slug="census")
    with django_capture_on_commit_callbacks(execute=True):  # the index follows the register
        UserGroupFactory.create_batch(45, themes=[census], summary="Census statistics user group")
    body = client.get(path).content.decode()
    assert body.count('class="govuk-pagination"') == 1
    assert 'aria-label="Page 2"' in body and 'rel="next"' in body


@pytest.mark.parametrize("page", [1, 2, 99, 0, "abc"])
def test_a_json_listing_page_is_djangos_page_with_its_count(page, django_assert_num_queries):
    ThemeFactory.create_batch(max(0, 45 - Theme.objects.count()))
    django_page = Paginator(listing(), API_PAGE_SIZE).get_page(page)

    # Past the end, the first read finds no rows and the last page is read from the end.
    with django_assert_num_queries(2 if page == 99 else 1):
        answer = api_page(listing(), number=page, item=lambda theme: theme.pk)

    assert answer == {
        "count": django_page.paginator.count,
        "page": django_page.number,
        "pages": django_page.paginator.num_pages,
        "results": [theme.pk for theme in django_page],
    }
