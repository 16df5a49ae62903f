"""The embedded backend's per-process facet sets: every count, total and page equals one
computed directly from the documents, after any writes, whoever makes them, and however
transactions end."""

import datetime as dt

from django.db import transaction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends import bitmaps
from search.backends.embedded import EmbeddedBackend
from search.documents import FACETS
from search.models import IndexedDocument
from search.queries import SearchQuery
from tests.generated import examples

ANIMALS = ["otter", "badger", "heron", "vole", "stoat"]
VALUES = {
    "theme": ["gdp", "housing", "census"],
    "organisation": ["ons", "dwp"],
    "membership": ["open", "request"],
    "format": ["online", "hybrid"],
    "region": ["wales", "scotland", "england"],
    "audience": ["journalists", "businesses"],
}
SORTS = ("relevance", "name", "newest", "next_meeting")


def document(number: int, animal: str, choice: int) -> dict:
    """A prepared document whose title word, facet values and dates follow from its numbers."""
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return {
        "key": f"group:{number}",
        # Some are pages, so the kind's sets are kept in step like a facet's.
        "kind": "page" if choice % 7 == 6 else "group",
        "kind_label": "Guidance" if choice % 7 == 6 else "User group",
        "object_id": number,
        "title": f"{animal.title()} watchers {number}",
        "summary": "",
        "url": f"/groups/{number}/",
        "name_sort": f"{animal} watchers {number:04d}",
        "date": None if choice % 4 == 0 else start + dt.timedelta(days=choice % 7),
        # Some meetings past (they sort as none), some to come.
        "next_meeting": None
        if choice % 3 == 0
        else start + dt.timedelta(days=(choice % 5) * 800, hours=choice % 7),
        "themes_text": "",
        "organisations_text": "",
        "body": "",
        "content_hash": f"{number}-{animal}-{choice}",
        **{
            facet: [values[(choice + i) % len(values)] for i in range(1 + (choice + i) % 2)]
            for i, (facet, values) in enumerate(VALUES.items())
        },
    }


def expected(documents: dict[str, dict], query: SearchQuery) -> tuple:
    """Total, counts (each facet without its own filter) and the page, by brute force."""
    matched = [d for d in documents.values() if not query.text or query.text in d["title"].lower()]

    def passes(doc, skip=None):
        return all(
            set(doc[facet]) & set(values)
            for facet, values in query.filters.items()
            if facet != skip
        )

    # Each kind is counted with every filter; the rest is of the kind shown only.
    kinds: dict[str, int] = {}
    for doc in matched:
        if passes(doc):
            kinds[doc["kind"]] = kinds.get(doc["kind"], 0) + 1
    matched = [d for d in matched if d["kind"] == query.kind]
    results = [d for d in matched if passes(d)]
    counts = {}
    for facet in FACETS:
        found: dict[str, int] = {}
        for doc in matched:
            if passes(doc, skip=facet):
                for value in doc[facet]:
                    found[value] = found.get(value, 0) + 1
        counts[facet] = found
    counts["kind"] = kinds
    # Every title has three words and nothing else is indexed, so relevance ties throughout
    # and falls back to the name, as it does with no text.
    order = {
        "relevance": lambda d: (d["name_sort"], d["key"]),
        "name": lambda d: (d["name_sort"], d["key"]),
        "newest": lambda d: (d["date"] is None, -(d["date"] or START).timestamp(), d["key"]),
        "next_meeting": lambda d: (
            not _upcoming(d),
            d["next_meeting"].timestamp() if _upcoming(d) else 0,
            d["name_sort"],
            d["key"],
        ),
    }[query.sort]
    page = [d["key"] for d in sorted(results, key=order)][query.offset : query.offset + 20]
    return len(results), counts, page


START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _upcoming(doc) -> bool:
    """A meeting still to come; one already past sorts like no meeting."""
    return doc["next_meeting"] is not None and doc["next_meeting"] > dt.datetime.now(dt.UTC)


def answer(query: SearchQuery) -> tuple:
    results = EmbeddedBackend().search(query)
    return results.total, results.facets, [hit.key for hit in results.hits]


def queries():
    filters = st.dictionaries(
        st.sampled_from(list(VALUES)),
        st.sampled_from(list(VALUES.values())).flatmap(
            lambda values: st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True)
        ),
        max_size=3,
    )
    return st.builds(
        lambda text, chosen, sort, page, show: SearchQuery(
            text=text,
            filters={facet: tuple(v for v in values if v in VALUES[facet]) or (VALUES[facet][0],)
                     for facet, values in chosen.items()},
            sort=sort,
            page=page,
            show=show,
        ),
        st.sampled_from(["", *ANIMALS]),
        filters,
        st.sampled_from(SORTS),
        st.sampled_from([1, 1, 2]),
        st.sampled_from(["groups", "groups", "pages"]),
    )  # fmt: skip


operations = st.lists(
    st.tuples(
        st.sampled_from(["index", "index", "delete", "raw_delete"]),
        st.integers(1, 30),
        st.sampled_from(ANIMALS),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@settings(
    max_examples=examples(ci=25, thorough=150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=operations, checks=st.lists(queries(), min_size=1, max_size=4))
def test_counts_and_pages_equal_brute_force_after_any_writes(steps, checks):
    """Committed writes, by the backend or straight to the table, between searches: the sets
    read only the difference, and always answer as a full computation would."""
    backend = EmbeddedBackend()
    backend.delete(list(backend.indexed_hashes()))
    held: dict[str, dict] = {}
    for operation, number, animal, choice in steps:
        key = f"group:{number}"
        if operation == "index":
            held[key] = document(number, animal, choice)
            backend.index([held[key]])
        elif operation == "delete":
            held.pop(key, None)
            backend.delete([key])
        else:  # as a repair or an operator would, without the backend
            held.pop(key, None)
            IndexedDocument.objects.filter(key=key).delete()
        for query in checks:
            total, counts, page = expected(held, query)
            assert answer(query) == (total, counts, page), (query, operation, key)
    incremental = bitmaps.current()
    full = bitmaps._refresh(bitmaps.Snapshot(), incremental.token)
    assert incremental.documents == full.documents
    assert {f: v for f, v in incremental.values.items() if v} == full.values
    assert incremental.orders == full.orders


@pytest.mark.django_db
def test_ids_given_again_after_a_rollback_are_read_afresh():
    """A savepoint rolled back hands its ids out again: the sets read inside it must not
    answer for the different documents that take those ids next."""
    backend = EmbeddedBackend()
    backend.index([document(1, "otter", 1)])
    assert answer(SearchQuery(text="otter"))[0] == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        backend.index([document(2, "badger", 2), document(3, "badger", 5)])
        assert answer(SearchQuery(text="badger"))[0] == 2
        raise RuntimeError("roll back")
    documents = {d["key"]: d for d in (document(1, "otter", 1), document(4, "heron", 3))}
    backend.index([documents["group:4"]])
    for query in (
        SearchQuery(text=""),
        SearchQuery(text="heron"),
        SearchQuery(text="badger"),
        SearchQuery(text="", filters={"format": ("hybrid",)}, sort="newest"),
    ):
        assert answer(query) == expected(documents, query)


@pytest.mark.django_db
def test_a_change_made_without_the_backend_is_seen_at_the_next_search():
    backend = EmbeddedBackend()
    backend.index([document(n, "vole", n) for n in range(1, 6)])
    assert answer(SearchQuery(text="vole"))[0] == 5
    IndexedDocument.objects.filter(key__in=["group:2", "group:4"]).delete()
    total, _counts, page = answer(SearchQuery(text="vole", sort="name"))
    assert (total, page) == (3, ["group:1", "group:3", "group:5"])


@pytest.mark.django_db
def test_one_read_per_search_when_nothing_changed(django_assert_max_num_queries):
    backend = EmbeddedBackend()
    backend.index([document(n, "stoat", n) for n in range(1, 4)])
    backend.search(SearchQuery(text="stoat"))
    # Vocabulary version, generation token, the match, and the page's documents.
    with django_assert_max_num_queries(4):
        backend.search(SearchQuery(text="stoat", filters={"region": ("wales",)}))
