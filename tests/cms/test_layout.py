"""What every page shares: the title, the navigation to every public section, one search box,
and times written the GOV.UK way."""

import re
from datetime import datetime, time

from wagtail.models import PageViewRestriction

import pytest

from cms.editorial.templatetags.hub_tags import govuk_time
from tests.cms.factories import (
    CaseStudyIndexPageFactory,
    ChampionsPageFactory,
    StandardPageFactory,
    TopTipsPageFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page_title_names_the_hub_once(anonymous_client, home_page):
    html = anonymous_client.get("/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title == home_page.title


def test_other_pages_are_titled_page_then_hub(client):
    html = client.get("/search/").content.decode()
    assert "<title>Find a user group \u2013 USER hub</title>" in html


@pytest.fixture
def sections(home_page):
    """The editorial sections the header lists, and a page that is only in the footer."""
    return {
        "tips": TopTipsPageFactory(parent=home_page, slug="top-tips", title="Top tips"),
        "cases": CaseStudyIndexPageFactory(parent=home_page, slug="case-studies"),
        "champions": ChampionsPageFactory(parent=home_page, slug="champions"),
        "about": StandardPageFactory(parent=home_page, slug="about", title="About the hub"),
    }


def _header(html: str) -> str:
    return html[html.index('<ul id="navigation"') : html.index("</ul>", html.index("navigation"))]


def _header_hrefs(html: str) -> list[str]:
    return re.findall(r'class="govuk-header__link" href="([^"]+)"', _header(html))


@pytest.mark.parametrize("path", ["/search/", "/groups/register/", "/you-said-we-did/"])
def test_every_section_is_in_the_navigation(client, sections, path):
    assert _header_hrefs(client.get(path).content.decode()) == [
        "/search/",
        "/themes/",
        "/meetings/",
        "/groups/register/",
        "/top-tips/",
        "/case-studies/",
        "/champions/",
        "/you-said-we-did/",
    ]


def test_editors_choose_the_header_pages_with_show_in_menus(client, sections):
    assert sections["about"].show_in_menus is False, "a new standard page is not in the header"
    about, cases = sections["about"], sections["cases"]
    about.show_in_menus = True
    about.save_revision().publish()
    cases.show_in_menus = False
    cases.save_revision().publish()
    hrefs = _header_hrefs(client.get("/search/").content.decode())
    assert "/about/" in hrefs and "/case-studies/" not in hrefs


def test_a_private_page_is_not_in_the_header(client, sections):
    PageViewRestriction.objects.create(
        page=sections["champions"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "/champions/" not in _header_hrefs(client.get("/search/").content.decode())


def test_the_current_section_is_marked(client, sections):
    header = _header(client.get("/top-tips/").content.decode())
    assert header.count('aria-current="page"') == 1
    assert 'href="/top-tips/" aria-current="page"' in header


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
