"""The editors' admin: snippets for the directory, page forms with the theme tree."""

import pytest

from cms.editorial.models import CaseStudyPage, HomePage, StandardPage, StrategyPage
from tests.cms.factories import CaseStudyPageFactory, ChampionFactory
from tests.cms.helpers import assert_queries_do_not_grow
from tests.themes.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@x.example", "pw")
    client.force_login(user)
    return client


def test_directory_snippets_are_listed(editor_client):
    ChampionFactory(name="Ada Champion", themes=[ThemeFactory(name="Ada theme")])
    for url, text in (
        ("/admin/snippets/cms/champion/", "Ada Champion"),
        ("/admin/snippets/cms/organisation/", "Office for National Statistics"),
        ("/admin/snippets/themes/theme/", "Consumer price inflation"),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
    champions = editor_client.get("/admin/snippets/cms/champion/").content.decode()
    assert "Ada theme" in champions  # the themes column


def test_theme_listing_shows_parents(editor_client):
    body = editor_client.get("/admin/snippets/themes/theme/", {"q": "consumer"}).content.decode()
    assert "Inflation and price indices" in body


def test_champion_listing_queries_do_not_grow(editor_client):
    def add(n):
        for _ in range(n):
            ChampionFactory(themes=ThemeFactory.create_batch(2))

    assert_queries_do_not_grow(
        add_items=add, request=lambda: editor_client.get("/admin/snippets/cms/champion/")
    )


def test_champion_form_lists_themes_as_a_tree_of_checkboxes(editor_client):
    body = editor_client.get("/admin/snippets/cms/champion/add/").content.decode()
    assert 'type="checkbox" name="themes"' in body
    economy = body.index(" Economy</label>")
    inflation = body.index(" Economy: Inflation and price indices</label>")
    cpi = body.index(" Economy: Inflation and price indices: Consumer price inflation</label>")
    assert economy < inflation < cpi


@pytest.mark.parametrize(
    ("model", "parent_fixture"),
    [
        (StrategyPage, "home_page"),
        (StandardPage, "home_page"),
        (CaseStudyPage, "case_study_index"),
    ],
)
def test_add_page_forms_load(editor_client, request, model, parent_fixture):
    parent = request.getfixturevalue(parent_fixture)
    url = f"/admin/pages/add/cms/{model._meta.model_name}/{parent.pk}/"
    response = editor_client.get(url)
    assert response.status_code == 200


def test_case_study_edit_form_has_theme_and_goal_checkboxes(editor_client, case_study_index):
    page = CaseStudyPageFactory(parent=case_study_index, goals=["collaborate"])
    body = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'type="checkbox" name="themes"' in body
    assert 'type="checkbox" name="goals"' in body
    assert "Strategy goals supported" in body


def test_home_page_edit_form_has_featured_themes(editor_client, home_page):
    body = editor_client.get(f"/admin/pages/{home_page.pk}/edit/").content.decode()
    assert "Featured themes" in body
    assert isinstance(home_page, HomePage)
