"""The hub's own API for themes: the tree and one theme with its tagged content counts."""

import pytest

from tests.cms.factories import CaseStudyPageFactory, ChampionFactory, UpdatePageFactory
from tests.themes.factories import ThemeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


def test_tree_nests_children_under_parents(client):
    tree = client.get("/api/themes/").json()
    top_level = {node["slug"]: node for node in tree}
    assert set(top_level) >= {
        "business-industry-and-trade",
        "census",
        "economy",
        "employment-and-labour-market",
        "people-population-and-community",
    }
    economy = top_level["economy"]
    inflation = next(n for n in economy["children"] if n["slug"] == "inflation-and-price-indices")
    assert [c["slug"] for c in inflation["children"]] == [
        "consumer-price-inflation",
        "house-price-statistics",
    ]
    assert economy["url"] == "http://testserver/themes/economy/"
    assert sum(1 for _ in Theme.objects.all()) == _count(tree)


def _count(nodes) -> int:
    return sum(1 + _count(node["children"]) for node in nodes)


def test_detail_has_place_in_tree_and_counts(client, case_study_index, update_index):
    economy = Theme.objects.get(slug="economy")
    cpi = Theme.objects.get(slug="consumer-price-inflation")
    CaseStudyPageFactory(parent=case_study_index, themes=[cpi])
    CaseStudyPageFactory(parent=case_study_index, themes=[cpi], live=False)
    ChampionFactory(themes=[economy])
    ChampionFactory(themes=[economy], is_listed=False)
    UpdatePageFactory(parent=update_index, themes=[cpi])

    data = client.get("/api/themes/consumer-price-inflation").json()
    assert data["parent"] == "inflation-and-price-indices"
    assert data["ancestors"] == ["economy", "inflation-and-price-indices"]
    assert [b["name"] for b in data["breadcrumbs"]] == ["Economy", "Inflation and price indices"]

    economy_data = client.get("/api/themes/economy").json()
    assert "gdp" in economy_data["children"]
    assert economy_data["content"]["case_studies"] == 1
    assert economy_data["content"]["champions"] == 1
    assert economy_data["content"]["updates"] == 1


def test_unknown_theme_is_404(client):
    assert client.get("/api/themes/not-a-theme").status_code == 404


def test_openapi_schema_documents_themes_and_champions(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/themes/" in schema["paths"]
    assert "/api/themes/{slug}" in schema["paths"]
    assert "/api/champions" in schema["paths"]
    assert "/api/champions/{champion_id}" in schema["paths"]


def test_new_theme_appears_in_the_tree(client):
    parent = Theme.objects.get(slug="census")
    ThemeFactory(name="Sexual orientation test", parent=parent)
    census = next(n for n in client.get("/api/themes/").json() if n["slug"] == "census")
    assert "sexual-orientation-test" in [c["slug"] for c in census["children"]]


def test_every_theme_reference_has_the_same_documented_shape(client):
    """A theme named by another record reads the same everywhere, as the schema says: the
    champions' themes and a theme's breadcrumbs alike carry the theme's page."""
    economy = Theme.objects.get(slug="economy")
    champion = ChampionFactory(themes=[economy])
    documented = client.get("/api/openapi.json").json()["components"]["schemas"]["ThemeRef"]
    from_champion = client.get(f"/api/champions/{champion.pk}").json()["themes"]
    breadcrumbs = client.get("/api/themes/gdp").json()["breadcrumbs"]
    expected = {
        "id": economy.pk,
        "name": "Economy",
        "slug": "economy",
        "url": "http://testserver/themes/economy/",
    }
    assert from_champion == [expected] and breadcrumbs == [expected]
    assert set(documented["required"]) == set(expected)
