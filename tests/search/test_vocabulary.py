"""The vocabulary behind fuzzy matching: indexed terms, and the words as written behind them
(respelling "emplyment" to the term of "employment"), kept per process and reloaded on change."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from search import vocabulary
from search.backends.embedded import EmbeddedBackend
from search.models import SurfaceWord, VocabularyTerm
from search.queries import QueryBuilder, SearchQuery

pytestmark = pytest.mark.django_db


def _document(key: str, title: str, body: str = "") -> dict:
    return {
        "key": key, "kind": "group", "kind_label": "User group", "object_id": 1,
        "title": title, "summary": "", "themes_text": "", "organisations_text": "",
        "body": body, "url": "", "name_sort": title.lower(), "date": None,
        "next_meeting": None, "content_hash": "x", "theme": [], "organisation": [],
        "membership": [], "format": [], "region": [], "audience": [],
    }  # fmt: skip


def _keys(text: str) -> set[str]:
    return {hit.key for hit in EmbeddedBackend().search(SearchQuery(text=text)).hits}


def test_indexing_records_each_word_as_written_with_its_term():
    EmbeddedBackend().index([_document("group:1", "Employment and the Café", "populations")])
    assert dict(SurfaceWord.objects.values_list("word", "term")) == {
        "employment": "employ",
        "cafe": "cafe",
        "populations": "popul",
    }
    assert set(VocabularyTerm.objects.values_list("term", flat=True)) == {"employ", "cafe", "popul"}


def test_rebuild_records_the_words_too():
    EmbeddedBackend().rebuild([_document("group:1", "Employment statistics")], total=1)
    assert set(SurfaceWord.objects.values_list("word", flat=True)) == {"employment", "statistics"}


def test_a_slip_in_a_long_word_finds_what_the_word_finds():
    EmbeddedBackend().index(
        [_document("group:1", "Employment forum"), _document("group:2", "Population users")]
    )
    assert _keys("emplyment") == _keys("employment") == {"group:1"}
    assert _keys("populaton") == _keys("population") == {"group:2"}
    assert _keys("emplxqzmnt") == set()  # four edits: too far
    assert _keys("mployment") == set()  # the first letter is never respelt


def test_a_word_the_index_knows_is_not_respelt():
    EmbeddedBackend().index([_document("group:1", "Heath walks"), _document("group:2", "Heal")])
    known = vocabulary.snapshot()
    assert known.respell("heath") == ()  # "heath" is indexed: its own matches only
    assert known.respell("heatj") == ("heath",)
    assert known.respell("hea") == ("heal",)


def test_respelling_is_capped_closest_first():
    near = [f"bqqq{chr(97 + i)}{chr(97 + j)}" for i in range(26) for j in range(26)]
    EmbeddedBackend().index([_document("group:1", "Near words", " ".join(near))])
    respelt = vocabulary.snapshot().respell("bqqq1q")  # six letters: two edits
    assert len(respelt) == 50
    assert respelt[:2] == ("bqqqaq", "bqqqbq")  # one edit away, then A to Z


def test_one_version_check_per_search_and_a_reload_when_words_are_added():
    backend = EmbeddedBackend()
    backend.index([_document("group:1", "Employment forum")])
    _keys("emplyment")  # loads the vocabulary
    with CaptureQueriesContext(connection) as queries:
        builder = QueryBuilder(SearchQuery(text="emplyment populaton statistcs"))
    # One version check for three typed words; nothing reloaded while nothing changed.
    assert sum("surfaceword" in q["sql"] for q in queries) == 1
    assert [c.alternatives[-1].terms for c in builder.clauses[:1]] == [("employ",)]
    with CaptureQueriesContext(connection) as queries:
        QueryBuilder(SearchQuery(text="", filters={"format": ("online",)}))
    assert not any("vocabularyterm" in q["sql"] for q in queries)

    backend.index([_document("group:2", "Population users")])
    assert _keys("populaton") == {"group:2"}  # new words are seen at once
