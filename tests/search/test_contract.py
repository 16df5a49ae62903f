"""The contract: the golden queries give the same results and counts on both backends."""

import uuid
from collections import Counter
from dataclasses import replace

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.indexing import document_count, iter_all_documents
from search.queries import SearchQuery
from tests.search.golden import PRECISION, QUERIES, G
from tests.search.golden_data import load_golden, unload_golden

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture(scope="module")
def backends(django_db_setup, django_db_blocker, elasticsearch_server):
    url, _server = elasticsearch_server
    with django_db_blocker.unblock():
        data = load_golden()
        embedded = EmbeddedBackend()
        embedded.rebuild(iter_all_documents(), total=document_count())
        elastic = ElasticsearchBackend(
            url, timeout=5.0, alias=f"test-golden-{uuid.uuid4().hex[:8]}"
        )
        elastic.rebuild(iter_all_documents(), total=document_count())
    yield {"database": embedded, "elasticsearch": elastic}
    with django_db_blocker.unblock():
        elastic.drop()
        unload_golden(data)


def _run(backend, params, **changes):
    query = replace(SearchQuery.from_params(params), **changes)
    return backend.search(query)


def _slugs(results):
    from intake.models import UserGroup

    ids = [hit.object_id for hit in results.hits if hit.kind == "group"]
    by_id = dict(UserGroup.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [by_id[i] for i in ids]


@pytest.mark.parametrize(
    ("name", "params", "must_find", "total"), QUERIES, ids=[q[0] for q in QUERIES]
)
def test_golden_query_gives_the_same_results_on_both_backends(
    backends, name, params, must_find, total
):
    database = _run(backends["database"], params, per_page=100)
    elastic = _run(backends["elasticsearch"], params, per_page=100)

    assert database.total == elastic.total
    assert {h.key for h in database.hits} == {h.key for h in elastic.hits}
    assert database.facets == elastic.facets
    if database.query.sort != "relevance":
        assert [h.key for h in database.hits] == [h.key for h in elastic.hits]
    assert set(must_find) <= set(_slugs(database))
    if total is not None:
        assert database.total == total
    if must_find:
        # A text query narrows things down.
        assert database.total < len(G) or not params.get("q")


@pytest.mark.parametrize("page", [1, 2, 3])
def test_numbered_pages_are_the_same_on_both_backends(backends, page):
    database = _run(backends["database"], {"sort": "name", "page": str(page)})
    elastic = _run(backends["elasticsearch"], {"sort": "name", "page": str(page)})
    assert [h.key for h in database.hits] == [h.key for h in elastic.hits]
    everything = len(G)  # groups only, unless the other pages are asked for
    assert len(database.hits) == (20 if page < 2 else everything - 20 if page == 2 else 0)


def test_each_kind_is_counted_for_the_same_words_and_filters(backends):
    for backend in backends.values():
        groups = _run(backend, {"q": "health"}, per_page=100)
        pages = _run(backend, {"q": "health"}, per_page=100, show="pages")
        assert {h.kind for h in groups.hits} == {"group"}
        assert {h.kind for h in pages.hits} == {"page"}
        assert (
            groups.facets["kind"]
            == pages.facets["kind"]
            == {
                "group": groups.total,
                "page": pages.total,
            }
        )


def test_each_facet_counts_every_other_filter_but_not_its_own(backends):
    online = Counter(row[7] for row in G if row[8] == "online")
    open_to_all = Counter(row[8] for row in G if row[7] == "open")
    for backend in backends.values():
        results = _run(backend, {"membership": "open", "format": "online"})
        # Each facet widens within the other's choice: membership among online groups...
        assert results.facets["membership"] == dict(online)
        # ... and format among groups open to all.
        assert results.facets["format"] == dict(open_to_all)
        assert results.total == online["open"]


def test_highlights_mark_the_matched_words(backends):
    for backend in backends.values():
        results = _run(backend, {"q": "helth"}, per_page=100)
        marked = [h.highlights.get("title", "") for h in results.hits]
        assert "\ue000Health\ue001 statistics users forum" in marked


def test_facets_list_every_bucket_not_only_ten(backends):
    for backend in backends.values():
        results = _run(backend, {})
        assert len(results.facets["theme"]) > 10
        assert len(results.facets["organisation"]) > 10


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("emplyment", "employment"), ("employmnt", "employment"), ("populaton", "population")],
)
def test_a_slip_in_a_long_word_finds_what_the_word_finds(backends, typed, meant):
    for backend in backends.values():
        slip = _run(backend, {"q": typed}, per_page=100)
        right = _run(backend, {"q": meant}, per_page=100)
        assert slip.total > 0
        assert {h.key for h in slip.hits} == {h.key for h in right.hits}
        assert slip.facets == right.facets


def test_respelt_words_are_highlighted(backends):
    for backend in backends.values():
        results = _run(backend, {"q": "emplyment"}, per_page=100)
        marked = [h.highlights.get("summary", "") for h in results.hits]
        assert "\ue000Employment\ue001, unemployment and earnings." in marked, backend.name


@pytest.mark.parametrize(("word", "first", "never"), PRECISION, ids=[p[0] for p in PRECISION])
def test_a_known_word_finds_its_exact_matches_and_not_its_fuzzy_neighbours(
    backends, word, first, never
):
    from search.analysis import analyse

    term = analyse(word)[0]
    for backend in backends.values():
        results = _run(backend, {"q": word}, per_page=100)
        slugs = _slugs(results)
        assert set(first) <= set(slugs), backend.name
        assert not set(never) & set(slugs), backend.name
        for hit in results.hits:  # every result holds the word itself
            assert term in _document_terms(hit.key), (backend.name, hit.key)


def test_an_unknown_word_still_matches_fuzzily(backends):
    for backend in backends.values():
        slugs = _slugs(_run(backend, {"q": "tourisn"}, per_page=100))
        assert "tourism-forum" in slugs, backend.name


def _document_terms(key):
    from search.analysis import analyse
    from search.indexing import iter_all_documents

    for data in iter_all_documents():
        if data["key"] == key:
            fields = ("title", "summary", "body", "themes_text", "organisations_text")
            text = " ".join(data[name] for name in fields)
            return set(analyse(text))
    raise AssertionError(key)
