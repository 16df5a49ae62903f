"""Theme pages list what is tagged with the theme and every theme below it."""

import pytest

from tests.cms.factories import CaseStudyPageFactory, ChampionFactory, UpdatePageFactory
from tests.cms.helpers import assert_queries_do_not_grow
from tests.themes.factories import ThemeFactory
from themes.content import tagged_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    parent = ThemeFactory(name="Health parent")
    child = ThemeFactory(name="Health child", parent=parent)
    grandchild = ThemeFactory(name="Health grandchild", parent=child)
    return parent, child, grandchild


@pytest.fixture
def page_client(client):
    from django.core.cache import cache

    class Fresh:
        def get(self, *args, **kwargs):
            cache.clear()
            return client.get(*args, **kwargs)

    return Fresh()


def test_parent_page_shows_content_tagged_with_its_children(
    page_client, tree, case_study_index, update_index, champions_page
):
    parent, child, grandchild = tree
    CaseStudyPageFactory(parent=case_study_index, title="Study on grandchild", themes=[grandchild])
    ChampionFactory(name="Champion on child", themes=[child])
    UpdatePageFactory(parent=update_index, title="Update on parent", themes=[parent])
    CaseStudyPageFactory(
        parent=case_study_index, title="Draft on child", themes=[child], live=False
    )
    ChampionFactory(name="Unlisted on child", themes=[child], is_listed=False)

    body = page_client.get(parent.get_absolute_url()).content.decode()

    assert "Study on grandchild" in body
    assert "Champion on child" in body
    assert "Update on parent" in body
    assert "Draft on child" not in body
    assert "Unlisted on child" not in body
    assert body.index("Case studies") < body.index("Champions") < body.index("Progress updates")
    assert f'href="{child.get_absolute_url()}"' in body


def test_child_page_with_its_own_content_does_not_show_parent_content(
    page_client, tree, case_study_index
):
    parent, child, _ = tree
    CaseStudyPageFactory(parent=case_study_index, title="Only on parent", themes=[parent])
    CaseStudyPageFactory(parent=case_study_index, title="On the child", themes=[child])
    body = page_client.get(child.get_absolute_url()).content.decode()
    assert "On the child" in body
    assert "Only on parent" not in body
    assert 'id="broader-theme"' not in body


def test_child_page_with_nothing_tagged_shows_the_broader_theme(
    page_client, tree, case_study_index
):
    """A theme nothing is tagged with yet never shows an empty page: it says which theme it
    belongs to and shows what the hub holds about that one."""
    parent, child, _ = tree
    CaseStudyPageFactory(parent=case_study_index, title="Only on parent", themes=[parent])
    body = page_client.get(child.get_absolute_url()).content.decode()
    assert "Only on parent" in body
    assert f"{child.name} is part of" in body
    assert f'href="{parent.get_absolute_url()}"' in body
    assert "Nothing is tagged" not in body


def test_sections_link_to_the_filtered_listing_when_there_is_more(
    page_client, tree, case_study_index
):
    parent, *_ = tree
    for number in range(8):
        CaseStudyPageFactory(parent=case_study_index, title=f"Study {number}", themes=[parent])
    body = page_client.get(parent.get_absolute_url()).content.decode()
    assert body.count('class="hub-card"') == 6
    assert f'href="{case_study_index.url}?theme={parent.slug}"' in body


def test_theme_page_queries_do_not_grow(
    page_client, tree, case_study_index, update_index, champions_page
):
    parent, child, grandchild = tree

    def add(n):
        for number in range(n):
            theme = (parent, child, grandchild)[number % 3]
            CaseStudyPageFactory(parent=case_study_index, themes=[theme])
            ChampionFactory(themes=[theme])
            UpdatePageFactory(parent=update_index, themes=[theme])

    assert_queries_do_not_grow(
        add_items=add, request=lambda: page_client.get(parent.get_absolute_url())
    )


def test_providers_may_ignore_the_theme_argument(tree):
    from themes import content

    calls = []

    def legacy_provider(*, theme_ids):
        calls.append(theme_ids)
        return {"title": "Legacy", "items": ["x"], "template": "", "more_url": None}

    content._providers.append((99, legacy_provider, content._accepts_theme(legacy_provider)))
    try:
        sections = tagged_content(theme_ids={tree[0].pk}, theme=tree[0])
    finally:
        content._providers.pop()
    assert sections[-1]["title"] == "Legacy"
    assert calls == [{tree[0].pk}]


def test_unknown_theme_is_404(client):
    assert client.get("/themes/no-such-theme/").status_code == 404
