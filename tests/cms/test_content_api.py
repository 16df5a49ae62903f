"""The hub's own read API for champions and organisations."""

import pytest

from tests.cms.factories import ChampionFactory, OrganisationFactory
from tests.themes.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_lists_listed_champions_without_private_emails(client):
    ChampionFactory(name="Shown", show_email=True, email="shown@x.example")
    ChampionFactory(name="Private", show_email=False, email="private@x.example")
    ChampionFactory(name="Unlisted", is_listed=False)
    data = {c["name"]: c for c in client.get("/api/champions").json()}
    assert set(data) == {"Shown", "Private"}
    assert data["Shown"]["email"] == "shown@x.example"
    assert data["Private"]["email"] == ""
    assert data["Shown"]["organisation"]["slug"]


def test_filters_by_organisation_and_theme_with_children(client):
    parent = ThemeFactory()
    child = ThemeFactory(parent=parent)
    org = OrganisationFactory()
    ChampionFactory(name="On child", organisation=org, themes=[child])
    ChampionFactory(name="Elsewhere", themes=[ThemeFactory()])

    def names(**params):
        return [c["name"] for c in client.get("/api/champions", params).json()]

    assert names(theme=parent.slug) == ["On child"]
    assert names(organisation=org.slug) == ["On child"]
    assert names(organisation="no-such-org") == []
    assert names(theme="no-such-theme") == []


def test_champion_detail_hides_unlisted(client):
    listed = ChampionFactory()
    unlisted = ChampionFactory(is_listed=False)
    assert client.get(f"/api/champions/{listed.pk}").json()["name"] == listed.name
    assert client.get(f"/api/champions/{unlisted.pk}").status_code == 404


def test_champion_listing_queries_do_not_grow(client, django_assert_max_num_queries):
    from tests.cms.helpers import assert_queries_do_not_grow

    def add(n):
        for _ in range(n):
            ChampionFactory(themes=ThemeFactory.create_batch(2))

    assert_queries_do_not_grow(add_items=add, request=lambda: client.get("/api/champions"))


def test_organisations(client):
    org = OrganisationFactory(name="Test Statistics Agency")
    assert "Test Statistics Agency" in [o["name"] for o in client.get("/api/organisations").json()]
    assert client.get(f"/api/organisations/{org.slug}").json()["id"] == org.id
    assert client.get("/api/organisations/nope").status_code == 404
