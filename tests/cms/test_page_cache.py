"""The anonymous page cache: pages served from the cache, and never stale after an edit."""

from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

from cms.cache import page_cache_invalidate
from cms.editorial.models.settings import HubSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous(home_page):
    """A visitor with no cookies, after the site's settings row exists.

    The first request anywhere creates the settings row, which (being content) empties the cache.
    """
    HubSettings.for_site(home_page.get_site())
    return Client()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    home_page, anonymous, django_assert_num_queries
):
    first = anonymous.get(home_page.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = anonymous.get(home_page.url)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_security_headers_are_on_cached_responses(home_page, anonymous):
    anonymous.get(home_page.url)
    hit = anonymous.get(home_page.url)
    assert hit["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"


def test_publishing_a_new_revision_shows_at_once(home_page, anonymous):
    anonymous.get(home_page.url)
    assert anonymous.get(home_page.url)["X-Page-Cache"] == "hit"

    home_page.title = "A freshly published title"
    home_page.save_revision().publish()

    response = anonymous.get(home_page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "A freshly published title" in response.text


def test_unpublishing_removes_the_page_at_once(home_page, anonymous):
    from wagtail.models import Page

    page = home_page.add_child(instance=Page(title="Short-lived", slug="short-lived"))
    page.save_revision().publish()
    # wagtailcore.Page has no template of its own; Wagtail renders its default one.
    assert anonymous.get(page.url).status_code == 200
    assert anonymous.get(page.url)["X-Page-Cache"] == "hit"

    page.unpublish()

    assert anonymous.get("/short-lived/").status_code == 404


def test_signed_in_editors_are_never_served_cached_pages(home_page, anonymous, admin_client):
    anonymous.get(home_page.url)
    assert anonymous.get(home_page.url)["X-Page-Cache"] == "hit"

    response = admin_client.get(home_page.url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_a_page_carrying_a_csrf_token_is_never_stored(home_page, anonymous):
    """A password-protected page's form holds a per-visitor token: sharing it would break it."""
    PageViewRestriction.objects.create(
        page=home_page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    first = anonymous.get(home_page.url)
    assert first.status_code == 200
    assert b"csrfmiddlewaretoken" in first.content
    second = Client().get(home_page.url)
    assert "X-Page-Cache" not in second
    assert b"csrfmiddlewaretoken" in second.content


def test_views_that_are_not_pages_are_not_cached(anonymous):
    anonymous.get("/themes/")
    assert "X-Page-Cache" not in anonymous.get("/themes/")


def test_saving_content_shown_on_pages_empties_the_cache(home_page, anonymous):
    from themes.models import Theme

    anonymous.get(home_page.url)
    assert anonymous.get(home_page.url)["X-Page-Cache"] == "hit"
    Theme.objects.create(name="Brand new theme")
    assert anonymous.get(home_page.url)["X-Page-Cache"] == "miss"


def test_invalidate_starts_a_new_generation(home_page, anonymous):
    anonymous.get(home_page.url)
    page_cache_invalidate()
    assert anonymous.get(home_page.url)["X-Page-Cache"] == "miss"


def test_query_strings_are_cached_separately(home_page, anonymous):
    anonymous.get(home_page.url)
    assert anonymous.get(home_page.url + "?page=2")["X-Page-Cache"] == "miss"
    assert anonymous.get(home_page.url + "?page=2")["X-Page-Cache"] == "hit"
