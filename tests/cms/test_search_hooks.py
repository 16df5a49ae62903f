"""The plain-text hooks the search app indexes: every page type answers all four."""

from datetime import date

import pytest

from cms.editorial.models import HomePage
from cms.editorial.models.base import BasePage
from tests.cms.factories import (
    CaseStudyPageFactory,
    ChampionsPageFactory,
    StandardPageFactory,
    StrategyPageFactory,
    TopTipsPageFactory,
    UpdatePageFactory,
)
from tests.themes.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_every_page_type_shares_the_base():
    from wagtail.models import get_page_models

    hub_models = [m for m in get_page_models() if m._meta.app_label == "cms"]
    assert len(hub_models) == 9
    assert all(issubclass(model, BasePage) for model in hub_models)


def test_case_study(case_study_index):
    themes = ThemeFactory.create_batch(2)
    page = CaseStudyPageFactory(
        parent=case_study_index,
        summary="A committee for construction.",
        task="<p>Users had to <b>follow</b> separate releases.</p>",
        themes=themes,
    )
    assert page.search_summary() == "A committee for construction."
    body = page.search_body()
    assert "Users had to follow separate releases." in body
    assert "<" not in body
    assert "How we approached it." in body and "What we learnt." in body
    assert sorted(page.search_theme_ids()) == sorted(t.pk for t in themes)
    assert page.search_date() == page.first_published_at.date()


def test_update_uses_its_own_date(update_index):
    theme = ThemeFactory()
    page = UpdatePageFactory(
        parent=update_index, date=date(2021, 5, 20), summary="Phase 1 update.", themes=[theme]
    )
    assert page.search_date() == date(2021, 5, 20)
    assert page.search_summary() == "Phase 1 update."
    assert page.search_body() == "Progress this quarter."
    assert page.search_theme_ids() == [theme.pk]


def test_strategy_tips_standard_and_champions(home_page):
    strategy = StrategyPageFactory(parent=home_page, introduction="The strategy.")
    assert strategy.search_summary() == "The strategy."
    assert "second nature" in strategy.search_body()
    assert "Champions network" in strategy.search_body()
    assert strategy.search_theme_ids() == []

    tips = TopTipsPageFactory(parent=home_page, search_description="")
    assert tips.search_summary() == "Quick wins."
    assert "Know your users" in tips.search_body()

    standard = StandardPageFactory(parent=home_page, introduction="Guidance intro.")
    assert standard.search_summary() == "Guidance intro."
    assert "Section one" in standard.search_body() and "Guidance text." in standard.search_body()

    champions = ChampionsPageFactory(parent=home_page)
    assert champions.search_body() == "About the network."


def test_unpublished_page_has_no_date(home_page):
    page = StandardPageFactory(parent=home_page, live=False, first_published_at=None)
    assert page.search_date() is None


def test_home_page(home_page):
    home = HomePage.objects.get(pk=home_page.pk)
    home.purpose = "<p>One place.</p>"
    assert home.search_summary() == home.introduction
    assert home.search_body() == "One place."
