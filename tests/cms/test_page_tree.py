"""Where each page type may be created: the tree editors see in the admin."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.editorial.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ChampionsPage,
    HomePage,
    StandardPage,
    StrategyPage,
    TopTipsPage,
    UpdateIndexPage,
    UpdatePage,
)

ALL_TYPES = {
    HomePage,
    StrategyPage,
    TopTipsPage,
    CaseStudyIndexPage,
    CaseStudyPage,
    ChampionsPage,
    UpdateIndexPage,
    UpdatePage,
    StandardPage,
}

ALLOWED_PARENTS = {
    HomePage: {Page},
    StrategyPage: {HomePage},
    TopTipsPage: {HomePage},
    CaseStudyIndexPage: {HomePage},
    CaseStudyPage: {CaseStudyIndexPage},
    ChampionsPage: {HomePage},
    UpdateIndexPage: {HomePage},
    UpdatePage: {UpdateIndexPage},
    StandardPage: {HomePage, StandardPage, StrategyPage},
}


class TestPageTree(WagtailPageTestCase):
    def test_each_type_can_be_created_under_its_allowed_parents(self):
        for child, parents in ALLOWED_PARENTS.items():
            for parent in parents:
                with self.subTest(child=child.__name__, parent=parent.__name__):
                    self.assertCanCreateAt(parent, child)

    def test_each_type_cannot_be_created_anywhere_else(self):
        for child, parents in ALLOWED_PARENTS.items():
            for parent in ALL_TYPES - parents:
                with self.subTest(child=child.__name__, parent=parent.__name__):
                    self.assertCanNotCreateAt(parent, child)

    def test_home_page_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StrategyPage,
                TopTipsPage,
                CaseStudyIndexPage,
                ChampionsPage,
                UpdateIndexPage,
                StandardPage,
            },
        )

    def test_leaf_pages_have_no_children(self):
        for model in (TopTipsPage, CaseStudyPage, ChampionsPage, UpdatePage):
            with self.subTest(model=model.__name__):
                self.assertAllowedSubpageTypes(model, {})

    def test_index_pages_hold_only_their_items(self):
        self.assertAllowedSubpageTypes(CaseStudyIndexPage, {CaseStudyPage})
        self.assertAllowedSubpageTypes(UpdateIndexPage, {UpdatePage})


def test_only_one_listing_page_of_each_kind_per_parent(home_page):
    from tests.cms.factories import CaseStudyIndexPageFactory, ChampionsPageFactory

    assert CaseStudyIndexPage.can_create_at(home_page)
    CaseStudyIndexPageFactory(parent=home_page)
    ChampionsPageFactory(parent=home_page)
    home_page.refresh_from_db()
    assert not CaseStudyIndexPage.can_create_at(home_page)
    assert not ChampionsPage.can_create_at(home_page)
    assert StandardPage.can_create_at(home_page)


def test_only_one_home_page(home_page):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)
