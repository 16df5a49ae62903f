"""Fuzzy matching for the embedded backend: every indexed term, and the ones near a typed term.

Follows Elasticsearch's ``fuzziness: AUTO`` with transpositions, ``prefix_length`` 1 and
``max_expansions`` 50, so "helth statistcs" finds what Elasticsearch finds.
"""

import threading
from collections import defaultdict

from django.db.models import Count, Max

from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.analysis import FUZZY_MAX_EXPANSIONS, FUZZY_PREFIX_LENGTH, max_edits

_lock = threading.Lock()
_state: dict = {"version": None, "by_prefix": {}}


def vocabulary_changed() -> None:
    """Nothing to do: the version is read from the table itself (see ``_version``)."""


def _version() -> tuple:
    """Terms are only ever added, so (count, max id) changes exactly when the vocabulary
    does, in every process, without a shared cache."""
    from search.models import VocabularyTerm

    return tuple(VocabularyTerm.objects.aggregate(n=Count("id"), top=Max("id")).values())


def _load() -> dict[str, list[str]]:
    from search.models import VocabularyTerm

    version = _version()
    with _lock:
        if _state["version"] != version:
            by_prefix = defaultdict(list)
            for term in VocabularyTerm.objects.values_list("term", flat=True).iterator(2000):
                by_prefix[term[:FUZZY_PREFIX_LENGTH]].append(term)
            _state.update(version=version, by_prefix=dict(by_prefix))
        return _state["by_prefix"]


def expander():
    """An ``expand`` for one search: the vocabulary is checked once, results are memoised."""
    by_prefix = _load()
    memo: dict[str, list[str]] = {}

    def expand_once(term: str) -> list[str]:
        if term not in memo:
            memo[term] = _expand(term, by_prefix)
        return memo[term]

    return expand_once


def expand(term: str) -> list[str]:
    """Indexed terms within the AUTO edit distance of ``term`` (closest first, at most 50)."""
    return _expand(term, _load())


def _expand(term: str, by_prefix: dict[str, list[str]]) -> list[str]:
    edits = max_edits(term)
    if edits == 0 or len(term) <= FUZZY_PREFIX_LENGTH:
        return []
    candidates = by_prefix.get(term[:FUZZY_PREFIX_LENGTH], [])
    found = process.extract(term, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None)
    found.sort(key=lambda item: (item[1], item[0]))
    return [choice for choice, _distance, _index in found[:FUZZY_MAX_EXPANSIONS]]
