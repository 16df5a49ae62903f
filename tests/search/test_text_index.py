"""The embedded index's in-memory postings: however documents arrive (one load, one write at a
time, segments merged), the match and the scores are the same; exact matches rank first."""

import random

import numpy as np
import pytest
from pyroaring import BitMap

from search.backends import terms

WORDS = ["otter", "badger", "heron", "vole", "stoat", "kestrel", "marten"]


def rows(count: int, seed: int = 3) -> list[tuple]:
    rng = random.Random(seed)
    return [
        (
            pk,
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))),
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6))),
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30))),
        )
        for pk in range(1, count + 1)
    ]


def one_by_one(documents: list[tuple]) -> terms.TextIndex:
    index, live = terms.TextIndex(), BitMap()
    for row in documents:
        live.add(row[0])
        index = index.changed([row], 0, live)
    return index


QUERIES = [
    [[([["otter"]], False)]],
    [[([["otter"], ["vole"]], False)], [([["heron"]], False), ([["stoat", "marten"]], True)]],
    [[([["kestrel"]], False)], [([["badger"]], True)]],
]


@pytest.mark.parametrize("clauses", QUERIES)
def test_written_one_at_a_time_it_answers_as_one_load(clauses):
    documents = rows(300)
    live = BitMap(row[0] for row in documents)
    loaded = terms.TextIndex((terms.build(documents),))
    written = one_by_one(documents)
    assert len(written.segments) > 1  # small segments merged, not one per write
    assert len(written.segments) <= terms.MAX_SEGMENTS + 1
    expected, scorer = loaded.match(clauses, live)
    found, other = written.match(clauses, live)
    assert found == expected and len(found) > 0
    ids = np.frombuffer(found.to_array(), dtype=np.uint32)
    assert np.allclose(other.scores(ids), scorer.scores(ids), rtol=1e-6)


def test_removed_documents_are_never_found_and_merges_drop_them():
    documents = rows(200)
    live = BitMap(row[0] for row in documents)
    index = terms.TextIndex((terms.build(documents),))
    gone = BitMap(range(1, 200, 3))
    live -= gone
    index = index.changed([], len(gone), live)  # a third gone: everything merged
    assert len(index.segments) == 1
    assert not BitMap(index.segments[0].ids.tolist()) & gone
    matched, _scorer = index.match(QUERIES[0], live)
    assert matched and not matched & gone


def test_a_document_matching_a_word_exactly_ranks_above_fuzzy_only_ones():
    # Document 1 holds the fuzzy neighbour over and over in its title; document 2 the word
    # itself, once, deep in a long body.
    documents = [
        (1, "otler otler otler", "otler", "otler " * 5),
        (2, "badger", "", "heron " * 40 + "otter"),
        (3, "vole", "", "stoat"),
    ]
    index = terms.TextIndex((terms.build(documents),))
    live = BitMap([1, 2, 3])
    clauses = [[([["otter"]], False), ([["otler"]], True)]]
    matched, scorer = index.match(clauses, live)
    assert matched == BitMap([1, 2])
    page = scorer.page(
        matched,
        offset=0,
        limit=20,
        name_key=lambda pk: (str(pk),),
        by_name=lambda within, limit: sorted(within)[:limit],
    )
    assert page == [2, 1]


def test_equal_scores_are_in_name_order_however_many_tie():
    # Every document alike but its id: all tie, so the page is by name (here, reversed ids).
    documents = [(pk, "otter", "", "") for pk in range(1, 3_001)]
    index = terms.TextIndex((terms.build(documents),))
    live = BitMap(range(1, 3_001))
    matched, scorer = index.match(QUERIES[0], live)
    by_name = []

    def names(within, limit):
        by_name.append(len(within))
        return sorted(within, reverse=True)[:limit]

    page = scorer.page(matched, offset=20, limit=20, name_key=lambda pk: (-pk,), by_name=names)
    assert page == list(range(2980, 2960, -1))
    assert by_name == [3_000]  # many ties: walked in name order, not sorted one by one
