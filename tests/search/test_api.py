"""The JSON API: the same search, with facets, described in the OpenAPI schema."""

import pytest

from tests.search.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        UserGroupFactory(name="Orchard statistics", themes=["gdp"], regions=["wales"])
        UserGroupFactory(name="Orchard growers forum", themes=["business"], regions=["scotland"])
        UserGroupFactory(name="Vineyard users", themes=["gdp"], regions=["wales"])


def test_search_returns_results_and_facets(client, groups):
    body = client.get("/api/search", {"q": "orchard", "region": "wales"}).json()
    assert body["total"] == 1
    assert body["results"][0]["title"] == "Orchard statistics"
    assert (
        body["results"][0]["title_html"] == '<mark class="hub-highlight">Orchard</mark> statistics'
    )
    region = next(f for f in body["facets"] if f["name"] == "region")
    assert {v["value"]: (v["count"], v["selected"]) for v in region["values"]} == {
        "scotland": (1, False),
        "wales": (1, True),
    }
    theme = next(f for f in body["facets"] if f["name"] == "theme")
    assert {v["value"]: v["count"] for v in theme["values"]} == {"gdp": 1, "economy": 1}


def test_openapi_describes_the_search_and_its_facets(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {
        "q",
        "theme",
        "organisation",
        "membership",
        "format",
        "region",
        "audience",
        "sort",
        "page",
        "show",
    } <= names
    components = schema["components"]["schemas"]
    assert {"facets", "show", "shows"} <= set(components["SearchOut"]["properties"])
    assert set(components["FacetOut"]["properties"]) == {"name", "label", "values"}
    assert "/api/search/suggest" in schema["paths"]


def test_search_lists_groups_by_default_and_other_pages_on_request(
    client, groups, home_page, django_capture_on_commit_callbacks
):
    from tests.cms.factories import StandardPageFactory

    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPageFactory(parent=home_page, title="Orchard data guidance")
        page.save_revision().publish()
    body = client.get("/api/search", {"q": "orchard"}).json()
    assert body["show"] == "groups"
    assert [r["kind"] for r in body["results"]] == ["group", "group"]
    assert body["shows"] == [
        {"value": "groups", "label": "Groups", "count": 2, "selected": True},
        {"value": "pages", "label": "Guidance and updates", "count": 1, "selected": False},
    ]
    pages = client.get("/api/search", {"q": "orchard", "show": "pages"}).json()
    assert [(r["title"], r["kind_label"]) for r in pages["results"]] == [
        ("Orchard data guidance", "Guidance")
    ]
    assert pages["total"] == 1 and pages["shows"][1]["selected"] is True
    assert client.get("/api/search", {"show": "everything"}).status_code in {400, 422}


def test_suggest_offers_themes_and_group_names(client, groups):
    body = client.get("/api/search/suggest", {"q": "orch"}).json()
    assert [s["label"] for s in body["suggestions"]] == [
        "Orchard growers forum",
        "Orchard statistics",
    ]
    themes = client.get("/api/search/suggest", {"q": "inflation"}).json()["suggestions"]
    assert themes[0] == {
        "label": "Consumer price inflation",
        "url": "/themes/consumer-price-inflation/",
        "kind": "theme",
    }


@pytest.mark.parametrize(
    "query",
    ["?page=0", "?page=x", "?sort=bogus", "?q=%00%01", "?theme=../../etc", "?show=../x"],
)
def test_bad_parameters_are_a_client_error_at_worst(client, query):
    assert client.get("/api/search" + query).status_code in {200, 400, 422}
