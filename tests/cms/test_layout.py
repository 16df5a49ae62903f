"""What every page shares: the title, the navigation to every public section, one search box,
and times written the GOV.UK way."""

from datetime import datetime, time

import pytest

from cms.templatetags.hub_tags import govuk_time

pytestmark = pytest.mark.django_db


def test_home_page_title_names_the_hub_once(anonymous_client, home_page):
    html = anonymous_client.get("/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title == home_page.title


def test_other_pages_are_titled_page_then_hub(client):
    html = client.get("/search/").content.decode()
    assert "<title>Find a user group \u2013 USER hub</title>" in html


@pytest.mark.parametrize("path", ["/search/", "/groups/register/", "/you-said-we-did/"])
def test_every_section_is_in_the_navigation(client, home_page, path):
    html = client.get(path).content.decode()
    for href in ("/search/", "/themes/", "/groups/register/", "/case-studies/", "/champions/",
                 "/you-said-we-did/"):  # fmt: skip
        assert f'class="govuk-header__link" href="{href}"' in html, href


def test_search_page_has_one_search_box_and_others_have_the_site_box(client, home_page):
    search = client.get("/search/").content.decode()
    assert 'id="search-q"' in search and 'id="site-search"' not in search
    register = client.get("/groups/register/").content.decode()
    assert 'id="site-search"' in register
    # The search box comes after the phase banner, as GOV.UK lays pages out.
    assert register.index("govuk-phase-banner") < register.index('id="site-search"')


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(10, 0), "10am"),
        (time(14, 30), "2:30pm"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(0, 5), "12:05am"),
        (time(12, 45), "12:45pm"),
        (datetime(2031, 3, 5, 9, 5), "9:05am"),
        (None, ""),
    ],
)
def test_govuk_time(value, expected):
    assert govuk_time(value) == expected
