"""With the page cache off, the home page, the strategy page, the case-study index and a group
page each run at most 10 SQL queries, with a little content and with a lot.

Every page here carries the full footer (links to pages and to other sites, the privacy notice),
and each test checks that what it added is still on the page, so no query is saved by dropping
content.
"""

import pytest

from cms.editorial.models import CaseStudyPage, FooterLink, HomePageFeaturedTheme, HubSettings
from intake.models import Audience, Region
from tests.cms.factories import (
    CaseStudyPageFactory,
    OrganisationFactory,
    StandardPageFactory,
    StrategyPageFactory,
    UpdatePageFactory,
    raw_block,
)
from tests.cms.helpers import assert_queries_do_not_grow, capture_queries
from tests.intake.factories import UserGroupFactory
from tests.themes.factories import ThemeFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


@pytest.fixture
def visit(client, settings):
    """GET as an anonymous visitor with the anonymous page cache switched off."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "cms.cache.PageCacheMiddleware"]

    def get(url):
        response = client.get(url)
        assert "X-Page-Cache" not in response, "the page cache must be off while counting"
        return response

    return get


@pytest.fixture
def hub_settings(home_page) -> HubSettings:
    """The site's settings with a privacy notice page, as the footer shows them."""
    privacy = StandardPageFactory(parent=home_page, title="Privacy notice", slug="privacy")
    hub_settings = HubSettings.for_site(home_page.get_site())
    hub_settings.privacy_notice_page = privacy
    hub_settings.save()
    return hub_settings


def add_footer_links(hub_settings, home_page, n):
    """Footer links, alternately to a page of the hub and to another site."""
    start = FooterLink.objects.filter(settings=hub_settings).count()
    for number in range(start, start + n):
        if number % 2:
            target = StandardPageFactory(parent=home_page, title=f"Footer page {number}")
            link = {"page": target}
        else:
            link = {"url": f"https://example.org/footer-{number}"}
        FooterLink.objects.create(
            settings=hub_settings, label=f"Footer link {number}", sort_order=number, **link
        )


def assert_footer(body: str, hub_settings):
    for link in FooterLink.objects.filter(settings=hub_settings).select_related("page"):
        assert f'href="{link.href}">{link.label}</a>' in body
    assert 'href="/privacy/">Privacy notice</a>' in body
    assert f"mailto:{hub_settings.contact_email}" in body


def assert_at_most(visit, url, limit=MAX_QUERIES):
    queries, response = capture_queries(lambda: visit(url))
    assert response.status_code == 200
    assert len(queries) <= limit, f"{url} ran {len(queries)} queries, more than {limit}:\n" + (
        "\n".join(f"{number:3}. {sql[:300]}" for number, sql in enumerate(queries, 1))
    )


def test_home_page(visit, home_page, case_study_index, update_index, hub_settings):
    def add(n):
        add_footer_links(hub_settings, home_page, n)
        start = HomePageFeaturedTheme.objects.filter(page=home_page).count()
        for number in range(start, start + n):
            HomePageFeaturedTheme.objects.create(
                page=home_page, theme=ThemeFactory(), sort_order=number
            )
            CaseStudyPageFactory(parent=case_study_index, themes=[ThemeFactory()])
            UpdatePageFactory(parent=update_index, themes=[ThemeFactory()])

    assert_queries_do_not_grow(
        add_items=add, request=lambda: visit(home_page.url), max_queries=MAX_QUERIES
    )

    body = visit(home_page.url).content.decode()
    for link in HomePageFeaturedTheme.objects.filter(page=home_page).select_related("theme"):
        assert link.theme.name in body
    for case_study in CaseStudyPage.objects.order_by("-first_published_at")[:3]:
        assert case_study.title in body and case_study.organisation.name in body
    assert f'href="{case_study_index.url}">See all case studies' in body
    assert f'href="{update_index.url}">See all updates' in body
    assert_footer(body, hub_settings)


def test_strategy_page(visit, home_page, hub_settings):
    page = StrategyPageFactory(parent=home_page, slug="strategy")

    def add(n):
        add_footer_links(hub_settings, home_page, n)
        goal = dict(page.goals.raw_data[0]["value"])
        goal["deliverables"] = goal["deliverables"] + [
            raw_block(
                "item",
                {
                    "title": f"Deliverable {len(goal['deliverables']) + number}",
                    "description": "",
                    "phase": "2",
                    "status": "planned",
                    "due_date": None,
                },
            )
            for number in range(n)
        ]
        page.goals = [raw_block("goal", goal)]
        page.save_revision().publish()

    assert_queries_do_not_grow(
        add_items=add, request=lambda: visit(page.url), max_queries=MAX_QUERIES
    )

    body = visit(page.url).content.decode()
    assert "Deliverable 51" in body
    assert 'class="govuk-breadcrumbs"' in body and f'href="{home_page.url}">Home</a>' in body
    assert_footer(body, hub_settings)


def test_case_study_index(visit, home_page, case_study_index, hub_settings):
    theme = ThemeFactory(name="Budget test theme")

    def add(n):
        add_footer_links(hub_settings, home_page, n)
        for _ in range(n):
            CaseStudyPageFactory(
                parent=case_study_index, themes=[theme, ThemeFactory()], goals=["collaborate"]
            )

    assert_queries_do_not_grow(
        add_items=add, request=lambda: visit(case_study_index.url), max_queries=MAX_QUERIES
    )
    # Another page of results and the filters cost no more.
    for query in ("?page=3", "?page=5", f"?theme={theme.slug}&goal=collaborate"):
        assert_at_most(visit, case_study_index.url + query)

    body = visit(case_study_index.url).content.decode()
    assert "50 case studies" in body
    for case_study in CaseStudyPage.objects.order_by("-first_published_at", "-pk")[:10]:
        assert case_study.title in body
        for case_study_theme in case_study.themes.all():
            assert case_study_theme.name in body
    assert 'class="govuk-pagination"' in body
    assert f'href="{home_page.url}">Home</a>' in body
    assert_footer(body, hub_settings)


def test_group_page(visit, home_page, hub_settings):
    group = UserGroupFactory()

    def add(n):
        add_footer_links(hub_settings, home_page, n)
        for _ in range(n):
            theme = ThemeFactory()
            group.themes.add(theme)
            group.producing_organisations.add(OrganisationFactory())
            count = Region.objects.count()
            group.regions.add(Region.objects.create(name=f"Region {count}", slug=f"region-{count}"))
            count = Audience.objects.count()
            group.audiences.add(
                Audience.objects.create(name=f"Audience {count}", slug=f"audience-{count}")
            )
            UserGroupFactory(themes=[theme])

    assert_queries_do_not_grow(
        add_items=add, request=lambda: visit(group.get_absolute_url()), max_queries=MAX_QUERIES
    )

    body = visit(group.get_absolute_url()).content.decode()
    for related in (group.themes, group.producing_organisations, group.regions, group.audiences):
        for item in related.all():
            assert item.name in body
    assert_footer(body, hub_settings)
