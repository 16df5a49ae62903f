"""Fuzzy matching through what has been indexed: the analysed terms, and the words behind them.

* ``expand``: indexed terms near a typed *term*, for the embedded backend. Follows
  Elasticsearch's ``fuzziness: AUTO`` with transpositions, ``prefix_length`` 1 and
  ``max_expansions`` 50, so "helth statistcs" finds what Elasticsearch finds.
* ``respell``: for a typed *word* whose term was never indexed, the terms of indexed words
  (``SurfaceWord``) spelt within AUTO edits of it, for both backends. Fuzziness on terms
  compares stems: "emplyment" stems to itself, four edits from "employ", so it finds nothing,
  although it is one letter from "employment". Respelling compares the words as typed and
  indexed and hands back their terms, which the query builder adds as exact alternatives;
  both engines receive the same ones.

Both tables are loaded once per process and reloaded when they change (one cheap query per
search tells); results are memoised.
"""

import threading
from collections import defaultdict

from django.db import connection

from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.analysis import FUZZY_MAX_EXPANSIONS, FUZZY_PREFIX_LENGTH, max_edits, stem
from search.models import SurfaceWord, VocabularyTerm

_lock = threading.Lock()
_state: dict = {
    "version": None,
    "by_prefix": {},  # first letter -> indexed terms
    "terms": frozenset(),  # every indexed term
    "words_by_prefix": {},  # first letter -> indexed surface words
    "term_of": {},  # surface word -> its term
    "respelt": {},  # typed word -> terms (memo for this version)
}
RESPELT_MEMO_SIZE = 10_000


def _version() -> tuple:
    """Terms and words are only ever added, so (count, max id) of each changes exactly when
    they do, in every process, without a shared cache. One statement for both tables."""
    terms, surface = VocabularyTerm._meta.db_table, SurfaceWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {terms}), (SELECT MAX(id) FROM {terms}), "  # noqa: S608
            f"(SELECT COUNT(*) FROM {surface}), (SELECT MAX(id) FROM {surface})"
        )
        return tuple(cursor.fetchone())


def _load() -> dict:
    version = _version()
    with _lock:
        if _state["version"] != version:
            by_prefix = defaultdict(list)
            for term in VocabularyTerm.objects.values_list("term", flat=True).iterator(2000):
                by_prefix[term[:FUZZY_PREFIX_LENGTH]].append(term)
            words_by_prefix, term_of = defaultdict(list), {}
            for word, term in SurfaceWord.objects.values_list("word", "term").iterator(2000):
                words_by_prefix[word[:FUZZY_PREFIX_LENGTH]].append(word)
                term_of[word] = term
            _state.update(
                version=version,
                by_prefix=dict(by_prefix),
                terms=frozenset(t for terms in by_prefix.values() for t in terms),
                words_by_prefix=dict(words_by_prefix),
                term_of=term_of,
                respelt={},
            )
        return dict(_state)


class Snapshot:
    """The vocabulary as one search sees it (checked once), with memoised look-ups."""

    def __init__(self, state: dict):
        self._state = state
        self._expanded: dict[str, list[str]] = {}

    def expand(self, term: str) -> list[str]:
        """Indexed terms within the AUTO edit distance of ``term`` (closest first, at most 50)."""
        if term not in self._expanded:
            self._expanded[term] = _expand(term, self._state["by_prefix"])
        return self._expanded[term]

    def knows(self, term: str) -> bool:
        """Whether ``term`` has been indexed (then it matches exactly, never fuzzily)."""
        return term in self._state["terms"]

    def closest_word(self, word: str) -> str:
        """The indexed word as written closest to a typed word the index does not know
        (fewest edits, then A to Z), or '' when the index knows it or nothing is close."""
        if stem(word) in self._state["terms"]:
            return ""
        near = _near(word, self._state["words_by_prefix"].get(word[:FUZZY_PREFIX_LENGTH], []))
        return near[0] if near else ""

    def respell(self, word: str) -> tuple[str, ...]:
        """Terms of indexed words within the AUTO edit distance of the typed, unstemmed
        ``word`` (closest first, at most 50), or () when the index knows the word's term."""
        memo = self._state["respelt"]
        if word not in memo:
            if len(memo) >= RESPELT_MEMO_SIZE:
                memo.clear()
            memo[word] = _respell(word, self._state)
        return memo[word]


def snapshot() -> Snapshot:
    return Snapshot(_load())


def expand(term: str) -> list[str]:
    """Indexed terms within the AUTO edit distance of ``term`` (closest first, at most 50)."""
    return _expand(term, _load()["by_prefix"])


def respell(word: str) -> tuple[str, ...]:
    return snapshot().respell(word)


def _near(typed: str, candidates: list[str]) -> list[str]:
    """Candidates within the AUTO edit distance of ``typed``, closest (then A to Z) first."""
    edits = max_edits(typed)
    if edits == 0 or len(typed) <= FUZZY_PREFIX_LENGTH:
        return []
    found = process.extract(typed, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None)
    found.sort(key=lambda item: (item[1], item[0]))
    return [choice for choice, _distance, _index in found]


def _expand(term: str, by_prefix: dict[str, list[str]]) -> list[str]:
    candidates = by_prefix.get(term[:FUZZY_PREFIX_LENGTH], [])
    return _near(term, candidates)[:FUZZY_MAX_EXPANSIONS]


def _respell(word: str, state: dict) -> tuple[str, ...]:
    if stem(word) in state["terms"]:
        return ()  # a word the index knows keeps its own matches only
    term_of = state["term_of"]
    terms: dict[str, None] = {}
    for near in _near(word, state["words_by_prefix"].get(word[:FUZZY_PREFIX_LENGTH], [])):
        terms[term_of[near]] = None
        if len(terms) >= FUZZY_MAX_EXPANSIONS:
            break
    return tuple(terms)
