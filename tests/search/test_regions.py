"""Places nest: the United Kingdom holds its nations, England its regions. Choosing a place
finds the groups that cover it, including those covering a place it lies within, and the
facet counts follow the same rule, on both backends."""

import pytest

from intake.models import Region
from search.documents import regions_within
from tests.search.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "uk": UserGroupFactory(name="Meadow UK users", regions=["united-kingdom"]),
            "england": UserGroupFactory(name="Meadow England users", regions=["england"]),
            "london": UserGroupFactory(name="Meadow London users", regions=["london"]),
            "wales": UserGroupFactory(name="Meadow Wales users", regions=["wales"]),
        }


def test_the_seeded_places_nest():
    parent = dict(Region.objects.values_list("slug", "parent__slug"))
    assert parent["united-kingdom"] is None
    assert {s for s, p in parent.items() if p == "united-kingdom"} == {
        "england", "scotland", "wales", "northern-ireland",
    }  # fmt: skip
    assert parent["london"] == parent["north-east"] == parent["south-west"] == "england"
    assert len([s for s, p in parent.items() if p == "england"]) == 9
    assert regions_within(["wales"]) == ["wales"]
    assert "london" in regions_within(["united-kingdom"])


def _titles(client, **params):
    body = client.get("/api/search", {"q": "meadow", **params}).json()
    region = next(f for f in body["facets"] if f["name"] == "region")
    counts = {v["value"]: v["count"] for v in region["values"]}
    return sorted(r["title"] for r in body["results"]), counts


def _check(client):
    titles, counts = _titles(client, region="wales")
    assert titles == ["Meadow UK users", "Meadow Wales users"]
    titles, _counts = _titles(client, region="london")
    assert titles == ["Meadow England users", "Meadow London users", "Meadow UK users"]
    titles, _counts = _titles(client, region="england")
    assert titles == ["Meadow England users", "Meadow UK users"]  # London covers only part
    # Counts follow the same rule: each place counts the groups that would be found.
    assert counts["wales"] == 2
    assert counts["london"] == 3
    assert counts["england"] == 2
    assert counts["scotland"] == 1
    assert counts["united-kingdom"] == 1


def test_a_place_includes_the_groups_covering_it_from_above(client, groups):
    _check(client)


def test_the_page_lists_places_as_a_tree(client, groups):
    html = client.get("/search/", {"q": "meadow"}).content.decode()
    uk, england, london = (html.index(f'value="{slug}"') for slug in
                           ("united-kingdom", "england", "london"))  # fmt: skip
    assert uk < england < london
    assert 'class="govuk-checkboxes__item hub-facet-depth-2"' in html


@pytest.mark.elasticsearch
def test_elasticsearch_nests_places_the_same_way(es_settings, client, groups):
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.indexing import document_count, iter_all_documents

    ElasticsearchBackend().rebuild(iter_all_documents(), total=document_count())
    _check(client)
    assert client.get("/healthz").json()["search"]["last_query_backend"] == "elasticsearch"
