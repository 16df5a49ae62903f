"""The embedded index's text match and ranking, held per process beside the facet sets.

Matching 41% of 100,000 documents and ranking them costs SQLite's FTS5 35 to 40 ms and
PostgreSQL over 200 ms, so the text is matched and scored here, as Elasticsearch does: per
indexed term, the documents holding it (sorted ids) and each one's *impact*, its BM25 weight
for the term before the term's rarity, computed once when the document is read. A search
unions a word's terms and intersects its words as roaring bitmaps, and scores the match by
summing, per query term, its rarity (idf, from the postings as they are now) times the
documents' impacts, in one ``numpy.bincount``.

The postings live in immutable *segments* (compressed-row arrays: a term's postings are one
slice), as Lucene's do: the documents read at load are one segment, each change adds a small
one, and small ones are merged once there are several, so a write never copies the large
arrays. A removed document stays in its segment until a merge drops it; searches only see the
documents the snapshot holds, so it is never found.

Impacts use fixed nominal field lengths rather than the collection's averages, so a document's
impact never depends on when it was read: two processes, or one before and after a reload,
rank alike.
"""

from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, pairwise

import numpy as np
from pyroaring import BitMap

# title; summary, theme and organisation names; body (as search.documents.TEXT_FIELDS ranks
# them: the title first, the body last).
FIELD_WEIGHTS = np.array([3.0, 2.0, 1.0], dtype=np.float32)
NOMINAL_LENGTHS = np.array([6.0, 30.0, 150.0], dtype=np.float32)
K1, B = 1.2, 0.75
# A fuzzy neighbour or respelling counts less than a word matched as typed; and a document
# matching a word exactly always ranks above one matching it only fuzzily (see ``Scorer``).
FUZZY_WEIGHT = 0.5
EXACT_TIER = 1.0e6
# Postings at least this long keep their bitmap once built (a common word's is a few KB).
BITMAP_CACHE_MIN = 256
MAX_SEGMENTS = 8
BUILD_CHUNK = 5_000


class Segment:
    """Postings of some documents: ``terms`` maps a term to its slice of ``ids`` (ascending)
    and ``impacts``. Never changed once built."""

    __slots__ = ("_bitmaps", "ids", "impacts", "offsets", "terms")

    def __init__(self, terms: dict[str, int], offsets, ids, impacts):
        self.terms, self.offsets, self.ids, self.impacts = terms, offsets, ids, impacts
        self._bitmaps: dict[str, BitMap] = {}

    @property
    def size(self) -> int:
        return len(self.ids)

    def posting(self, term: str):
        at = self.terms.get(term)
        if at is None:
            return None
        start, end = self.offsets[at], self.offsets[at + 1]
        return self.ids[start:end], self.impacts[start:end]

    def bitmap(self, term: str) -> BitMap:
        found = self._bitmaps.get(term)
        if found is not None:
            return found
        posting = self.posting(term)
        if posting is None:
            return BitMap()
        found = BitMap(array("I", posting[0].tobytes()))
        if len(found) >= BITMAP_CACHE_MIN:  # a benign race: two threads build the same
            self._bitmaps[term] = found
        return found


EMPTY = Segment({}, np.zeros(1, np.int64), np.zeros(0, np.uint32), np.zeros(0, np.float32))


def build(rows: Iterable[Sequence]) -> Segment:
    """A segment from (id, title terms, keyword terms, body terms) rows: engine tokens,
    space separated, as the embedded index stores them."""
    rows = list(rows)
    if any(rows[i][0] > rows[i + 1][0] for i in range(len(rows) - 1)):
        rows.sort(key=lambda row: row[0])  # a term's postings are in id order
    # Token by token in C (split, chain, map), a few thousand rows at a time: a Python loop
    # per token would take seconds at 100,000 documents, and every token's string at once
    # hundreds of megabytes. Slot = row * 3 + field.
    terms: dict[str, int] = {}
    term_parts, length_parts = [], []
    for start in range(0, len(rows), BUILD_CHUNK):
        split = [
            (text or "").split() for row in rows[start : start + BUILD_CHUNK] for text in row[1:4]
        ]
        tokens = list(chain.from_iterable(split))
        new = [term for term in dict.fromkeys(tokens) if term not in terms]
        terms.update(zip(new, range(len(terms), len(terms) + len(new)), strict=True))
        term_parts.append(np.fromiter(map(terms.__getitem__, tokens), np.int64, len(tokens)))
        length_parts.append(np.fromiter(map(len, split), np.int64, len(split)))
    if not terms:
        return EMPTY
    term_of, lengths = np.concatenate(term_parts), np.concatenate(length_parts)
    del term_parts
    slot_of = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    # One entry per (term, document, field) with its frequency, sorted by term then document.
    keys, frequency = np.unique(term_of * (len(rows) * 3) + slot_of, return_counts=True)
    del term_of, slot_of  # the largest arrays: at most a few of this size at once
    slot = keys % (len(rows) * 3)
    field_number = (slot % 3).astype(np.int8)
    frequency = frequency.astype(np.float32)
    normalised = K1 * (1 - B + B * lengths[slot].astype(np.float32) / NOMINAL_LENGTHS[field_number])
    del slot
    field_impact = FIELD_WEIGHTS[field_number] * frequency * (K1 + 1) / (frequency + normalised)
    del field_number, frequency, normalised
    # A word scores by its best field (Elasticsearch's dis_max over fields).
    pair = keys // 3
    starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    impacts = np.maximum.reduceat(field_impact, starts).astype(np.float32)
    pair = pair[starts]
    term_numbers, row_numbers = pair // len(rows), pair % len(rows)
    pks = np.array([row[0] for row in rows], dtype=np.uint32)
    offsets = np.concatenate(([0], np.cumsum(np.bincount(term_numbers, minlength=len(terms)))))
    return Segment(terms, offsets, pks[row_numbers], impacts)


def merge(segments: Sequence[Segment], live: BitMap) -> Segment:
    """One segment holding the postings of ``segments`` for the documents in ``live``."""
    segments = [segment for segment in segments if segment.size]
    if not segments:
        return EMPTY
    if len(segments) == 1 and not segments[0].size - _live_count(segments[0], live):
        return segments[0]
    segments.sort(key=lambda segment: -len(segment.terms))
    terms = dict(segments[0].terms)
    numbers, ids, impacts = [], [], []
    for segment in segments:
        local = np.fromiter(
            (terms.setdefault(term, len(terms)) for term in segment.terms),
            dtype=np.int64,
            count=len(segment.terms),
        )
        numbers.append(np.repeat(local, np.diff(segment.offsets)))
        ids.append(segment.ids)
        impacts.append(segment.impacts)
    numbers, ids, impacts = (np.concatenate(parts) for parts in (numbers, ids, impacts))
    alive = _alive(live, int(ids.max()) + 1)[ids]
    numbers, ids, impacts = numbers[alive], ids[alive], impacts[alive]
    order = np.lexsort((ids, numbers))
    offsets = np.concatenate(([0], np.cumsum(np.bincount(numbers, minlength=len(terms)))))
    return Segment(terms, offsets, ids[order], impacts[order])


def _alive(live: BitMap, size: int) -> np.ndarray:
    mask = np.zeros(max(size, (live.max() + 1) if live else 0), dtype=bool)
    mask[np.frombuffer(live.to_array(), dtype=np.uint32)] = True
    return mask


def _live_count(segment: Segment, live: BitMap) -> int:
    return int(_alive(live, int(segment.ids.max()) + 1)[segment.ids].sum())


class TextIndex:
    """Every segment, the largest first. Immutable: a change gives a new one."""

    __slots__ = ("removed", "segments")

    def __init__(self, segments: tuple[Segment, ...] = (), removed: int = 0):
        self.segments = segments
        self.removed = removed  # documents removed since the last full merge

    @property
    def postings(self) -> int:
        return sum(segment.size for segment in self.segments)

    def changed(self, rows: list, removed: int, live: BitMap) -> "TextIndex":
        """With the documents of ``rows`` added and ``removed`` more documents gone; merges
        small segments when there are many, and everything when much is dead or new."""
        segments = list(self.segments)
        if rows:
            segments.append(build(rows))
        removed += self.removed
        base = segments[0].size if segments else 0
        rest = sum(segment.size for segment in segments[1:])
        if len(live) and (removed * 10 > len(live) or rest * 10 > base):
            return TextIndex((merge(segments, live),), 0)
        if len(segments) > MAX_SEGMENTS:
            segments = [segments[0], merge(segments[1:], live)]
        return TextIndex(tuple(segments), removed)

    # --- Searching ----------------------------------------------------------------------
    def term_set(self, term: str) -> BitMap:
        sets = [segment.bitmap(term) for segment in self.segments]
        return sets[0] if len(sets) == 1 else BitMap.union(BitMap(), *sets)

    def document_frequency(self, term: str) -> int:
        found = 0
        for segment in self.segments:
            at = segment.terms.get(term)
            if at is not None:
                found += int(segment.offsets[at + 1] - segment.offsets[at])
        return found

    def match(self, clauses: "Clauses", documents: BitMap) -> tuple[BitMap, "Scorer"]:
        """The documents matching every clause, and what scores them.

        ``clauses``: per typed word (or phrase), its alternatives as (words, fuzzy), each word
        the engine tokens any of which it may match, as ``QueryBuilder.term_clauses`` gives."""
        matched, exact_sets = None, []
        for alternatives in clauses:
            exact, inexact = BitMap(), BitMap()
            for words, fuzzy in alternatives:
                sets = [
                    BitMap.union(BitMap(), *(self.term_set(term) for term in options))
                    for options in words
                ]
                found = sets[0] if len(sets) == 1 else BitMap.intersection(*sets)
                if fuzzy:
                    inexact |= found
                else:
                    exact |= found
            either = exact | inexact
            matched = either if matched is None else matched & either
            if exact and inexact:  # only then can exact and fuzzy matches differ in rank
                exact_sets.append(exact)
        matched = (matched or BitMap()) & documents
        return matched, Scorer(self, clauses, len(documents), exact_sets)


Clauses = list[list[tuple[list[list[str]], bool]]]


class Scorer:
    """Relevance for a match: the sum over query terms of idf times impact, a term counted
    once per clause (``FUZZY_WEIGHT`` for fuzzy ones); documents matching more clauses exactly
    first."""

    def __init__(self, index: TextIndex, clauses: Clauses, documents: int, exact_sets):
        self.index, self.clauses, self.documents = index, clauses, documents
        self.exact_sets = exact_sets

    def _weights(self) -> list[tuple[str, float]]:
        found = []
        for alternatives in self.clauses:
            weights: dict[str, float] = {}
            for words, fuzzy in alternatives:
                for options in words:
                    for term in options:
                        weight = FUZZY_WEIGHT if fuzzy else 1.0
                        weights[term] = max(weights.get(term, 0.0), weight)
            found.extend(weights.items())
        return found

    def scores(self, candidates: np.ndarray) -> np.ndarray:
        ids, values = [], []
        for term, weight in self._weights():
            frequency = self.index.document_frequency(term)
            if not frequency:
                continue
            idf = np.log(1 + (self.documents - frequency + 0.5) / (frequency + 0.5))
            for segment in self.index.segments:
                posting = segment.posting(term)
                if posting is not None and len(posting[0]):
                    ids.append(posting[0])
                    values.append(posting[1] * (weight * max(idf, 0.01)))
        if not ids:
            return np.zeros(len(candidates))
        ids = np.concatenate(ids)
        total = np.bincount(ids, weights=np.concatenate(values))
        scores = total[candidates]
        if self.exact_sets:
            tiers = np.zeros(len(total), dtype=np.float64)
            for exact in self.exact_sets:
                tiers[np.frombuffer(exact.to_array(), dtype=np.uint32)] += EXACT_TIER
            scores = scores + tiers[candidates]
        return scores

    def page(
        self,
        within: BitMap,
        *,
        offset: int,
        limit: int,
        name_key: Callable[[int], tuple],
        by_name: Callable[[BitMap, int], list[int]],
    ) -> list[int]:
        """Ids of ``within`` from ``offset``, at most ``limit``: best score first, ties by
        name (``name_key`` for a few, ``by_name`` for many)."""
        wanted = offset + limit
        if not within or not wanted:
            return []
        candidates = np.frombuffer(within.to_array(), dtype=np.uint32)
        scores = self.scores(candidates)
        if len(candidates) > wanted:
            cut = len(scores) - wanted
            last = np.partition(scores, cut)[cut]
            keep = scores >= last
            candidates, scores = candidates[keep], scores[keep]
        order = np.argsort(-scores, kind="stable")
        candidates, scores = candidates[order], scores[order]
        # Groups of equal score, best first; each in name order.
        bounds = np.flatnonzero(np.concatenate(([True], scores[1:] != scores[:-1]), axis=None))
        bounds = [*bounds.tolist(), len(scores)]
        page: list[int] = []
        for start, end in pairwise(bounds):
            group = candidates[start:end].tolist()
            need = wanted - len(page)
            if len(group) > 2_000 and need < len(group):
                page.extend(by_name(BitMap(group), need))
            else:
                page.extend(sorted(group, key=name_key)[:need])
            if len(page) >= wanted:
                break
        return page[offset:wanted]
