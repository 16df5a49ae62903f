"""Honest answers to odd searches: text with no words, unknown filters, and "did you mean",
over real HTTP, on the embedded backend and on Elasticsearch."""

import pytest

from tests.search.factories import UserGroupFactory

pytestmark = pytest.mark.django_db

LQ, RQ = "\u2018", "\u2019"  # the quotation marks the page puts around typed text


@pytest.fixture
def groups(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            UserGroupFactory(name="Orchard statistics users", summary="Apples and pears."),
            UserGroupFactory(name="Vineyard data forum", summary="Grapes and wine."),
            UserGroupFactory(name="Arabic outputs group", summary="إحصاءات السكان بالعربية"),
        ]


@pytest.mark.parametrize("typed", ["*", "-", "((", "NOT", "the and of", '"" !'])
def test_text_with_no_words_says_so_and_shows_everything(client, groups, typed):
    html = client.get("/search/", {"q": typed}).content.decode()
    shown = typed.replace('"', "&quot;")
    assert f"We could not search for {LQ}{shown}{RQ}: it has no words to search for." in html
    assert f"results for {LQ}" not in html
    assert "Showing all 3 groups." in html
    for group in groups:
        assert group.name in html

    body = client.get("/api/search", {"q": typed}).json()
    assert body["could_not_search"] is True
    assert body["total"] == 3


def test_the_words_that_remain_are_searched(client, groups):
    html = client.get("/search/", {"q": "the orchard *"}).content.decode()
    assert f"1 group for {LQ}the orchard *{RQ}" in html
    assert "We could not search" not in html


def test_non_latin_letters_are_words(client, groups):
    body = client.get("/api/search", {"q": "إحصاءات"}).json()
    assert body["could_not_search"] is False
    assert [r["title"] for r in body["results"]] == ["Arabic outputs group"]
    html = client.get("/search/", {"q": "بيانات"}).content.decode()
    assert f"0 groups for {LQ}بيانات{RQ}" in html


@pytest.mark.parametrize(
    ("params", "listed"),
    [
        ({"theme": "no-such-theme"}, f"Theme: {LQ}no-such-theme{RQ}"),
        ({"region": "Not A Region!"}, f"Nation or region: {LQ}not a region!{RQ}"),
        ({"format": "carrier-pigeon"}, f"Format: {LQ}carrier-pigeon{RQ}"),
    ],
)
def test_an_unknown_filter_is_ignored_and_the_page_says_so(client, groups, params, listed):
    html = client.get("/search/", params).content.decode()
    assert "We ignored a filter we do not recognise." in html
    assert listed in html
    assert "3 groups" in html  # ignored, whether it looks like a slug or not

    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("We do not recognise the filter ")


def test_known_filters_still_apply_beside_an_unknown_one(client, groups):
    html = client.get(
        "/search/", {"q": "orchard", "format": ["online", "carrier-pigeon"]}
    ).content.decode()
    assert f"1 group for {LQ}orchard{RQ}" in html
    assert f"Format: {LQ}carrier-pigeon{RQ}" in html


def _did_you_mean(client, q):
    html = client.get("/search/", {"q": q}).content.decode()
    body = client.get("/api/search", {"q": q}).json()
    return html, body["did_you_mean"], body["total"]


def _check_did_you_mean(client):
    # A misspelling that still finds results offers the correction.
    html, offered, total = _did_you_mean(client, "orchrd statistcs")
    assert total == 1
    assert offered == {"text": "orchard statistics", "url": "?q=orchard+statistics"}
    assert 'Did you mean <a class="govuk-link" href="?q=orchard+statistics">' in html
    # One that finds nothing offers one too.
    html, offered, total = _did_you_mean(client, "orchrd vineyrd")
    assert total == 0
    assert offered["text"] == "orchard vineyard"
    # Words the index knows, and words nothing is close to, offer nothing.
    assert _did_you_mean(client, "orchard")[1] is None
    assert _did_you_mean(client, "zzzyqqx")[1] is None


def test_did_you_mean_comes_from_the_index_words(client, groups):
    _check_did_you_mean(client)


@pytest.mark.elasticsearch
def test_did_you_mean_is_the_same_on_elasticsearch(es_settings, client, groups):
    _check_did_you_mean(client)
    assert client.get("/healthz").json()["search"]["last_query_backend"] == "elasticsearch"
