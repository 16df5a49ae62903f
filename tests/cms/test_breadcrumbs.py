"""Breadcrumbs: the page's ancestors below the tree root, read without a query when served."""

from django.test import RequestFactory

from wagtail.models import Page

import pytest

from tests.cms.factories import StandardPageFactory, StrategyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deep_page(home_page):
    strategy = StrategyPageFactory(parent=home_page, title="Strategy", slug="strategy")
    section = StandardPageFactory(parent=strategy, title="Section", slug="section")
    return StandardPageFactory(parent=section, title="Detail", slug="detail")


def test_a_routed_page_climbs_its_parents_without_a_query(
    home_page, deep_page, django_assert_num_queries
):
    request = RequestFactory().get(deep_page.url)
    routed = Page.find_for_request(request, deep_page.url)

    with django_assert_num_queries(0):
        crumbs = routed.get_breadcrumbs()

    assert [page.title for page in crumbs] == [home_page.title, "Strategy", "Section"]


def test_a_page_loaded_directly_reads_its_ancestors(home_page, deep_page):
    page = Page.objects.get(pk=deep_page.pk).specific
    assert [page.title for page in page.get_breadcrumbs()] == [
        home_page.title,
        "Strategy",
        "Section",
    ]


def test_served_breadcrumbs_link_every_ancestor(client, home_page, deep_page):
    body = client.get(deep_page.url).content.decode()
    assert f'href="{home_page.url}">Home</a>' in body
    assert 'href="/strategy/">Strategy</a>' in body
    assert 'href="/strategy/section/">Section</a>' in body
    assert ">Detail</a>" not in body
