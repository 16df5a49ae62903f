"""The embedded index's facet values and sort orders as compact document sets, per process.

Counting six facets over a match set in SQL reads every (document, value) row the match
touches, so it grows with the index (close to a second at 100,000 documents). Here each facet
value is a roaring bitmap of document ids, so a count is one ``intersection_cardinality``,
and each sort order is a list of ids, so a page is the first ids of the list in the result
set. The snapshot also holds the text's postings (search/backends/terms.py), read from the
same rows, so the text match and its ranking need no query either.

The sets are loaded once per process and kept in step with the tables by a generation token
that database triggers change on every insert or delete of an indexed document, whoever
writes it (see migration 0006). One primary-key read per search tells whether anything
changed; then only the difference is read: the ids now indexed are compared with the ids
held, and the facet values and sort keys of new documents are loaded. Documents are never
updated in place (indexing deletes and inserts), and ids are never used twice, so ids added and
removed are the whole change. Two things can give an id again, and both make the next change
read everything: the id sequence going back (a test's flush that resets it), and a snapshot
read inside a transaction, which may roll back and hand its ids out again. A snapshot is never
changed once published, so threads read it without a lock.
"""

import bisect
import threading
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection

import numpy as np
from pyroaring import BitMap

from search.backends.terms import TextIndex
from search.documents import FACETS, KIND
from search.models import IndexedDocument, IndexedFacetValue, IndexGeneration

DOC = IndexedDocument._meta.db_table
FACET = IndexedFacetValue._meta.db_table
GENERATION = IndexGeneration._meta.db_table

# Above this many new documents, reading every facet value grouped is quicker than by id.
FULL_LOAD_THRESHOLD = 5_000
ID_CHUNK = 500

SORTS = ("name", "newest", "next_meeting")
COLUMNS = "id, name_sort, key, date, next_meeting, kind, title_terms, keyword_terms, body_terms"


def _timestamp(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, str):  # SQLite hands raw SQL its stored text: naive UTC
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def sort_keys(name_sort: str, key: str, date, next_meeting) -> dict[str, tuple]:
    """Each sort's key for one document, in the order the hub has always sorted: name, then
    newest first, then soonest meeting, ties by name and key (Python compares strings by code
    point, as PostgreSQL's C collation and SQLite's BINARY do)."""
    return {
        "name": (name_sort, key),
        "newest": (date is None, -_timestamp(date), key),
        "next_meeting": (next_meeting is None, _timestamp(next_meeting), name_sort, key),
    }


@dataclass
class Snapshot:
    """Every indexed document id, each facet value's documents and each sort order."""

    token: object = None
    documents: BitMap = field(default_factory=BitMap)
    values: dict[str, dict[str, BitMap]] = field(default_factory=dict)
    # sort -> [(key, id)] in order; ``keys`` holds each document's keys, to find it again.
    orders: dict[str, list[tuple]] = field(default_factory=lambda: {s: [] for s in SORTS})
    keys: dict[int, dict[str, tuple]] = field(default_factory=dict)
    text: TextIndex = field(default_factory=TextIndex)  # the terms' postings
    sequence: int = 0  # the id sequence's last value when read
    in_transaction: bool = False  # read inside a transaction that may yet roll back

    def facet_set(self, facet: str, values) -> BitMap:
        """Documents having any of ``values`` for ``facet``."""
        sets = self.values.get(facet, {})
        return BitMap.union(BitMap(), *(sets[v] for v in values if v in sets))

    def counts(self, facet: str, within: BitMap) -> dict[str, int]:
        """How many documents of ``within`` have each value of ``facet`` (none left at 0)."""
        found = {}
        for value, documents in self.values.get(facet, {}).items():
            count = within.intersection_cardinality(documents)
            if count:
                found[value] = count
        return found

    def page(self, sort: str, within: BitMap, *, offset: int, limit: int) -> list[int]:
        """Ids of ``within`` in ``sort`` order, from ``offset``, at most ``limit``."""
        wanted, found = offset + limit, []
        if not wanted or not within:
            return []
        if sort == "next_meeting":
            return self._page_by_meeting(within, wanted)[offset:]
        if len(within) * 20 < len(self.keys):  # few: sorting them beats walking the order
            keys = self.keys
            return sorted(within, key=lambda pk: keys[pk][sort])[offset:wanted]
        for _key, pk in self.orders[sort]:
            if pk in within:
                found.append(pk)
                if len(found) >= wanted:
                    break
        return found[offset:]

    def _page_by_meeting(self, within: BitMap, wanted: int) -> list[int]:
        """Soonest upcoming meeting first; a meeting already past sorts like no meeting at
        all (by name, after every upcoming one), whatever the index says."""
        entries, now = self.orders["next_meeting"], datetime.now(UTC).timestamp()
        start = bisect.bisect_left(entries, ((False, now),))
        upcoming = []
        for (no_meeting, when, *_names), pk in entries[start:]:
            if no_meeting or len(upcoming) >= wanted:
                break
            if when > now and pk in within:
                upcoming.append(pk)
        if len(upcoming) >= wanted:
            return upcoming
        rest = within - BitMap(upcoming)
        return upcoming + self.page("name", rest, offset=0, limit=wanted - len(upcoming))


_lock = threading.Lock()
_snapshots: dict[tuple, Snapshot] = {}


def _token(cursor):
    cursor.execute(f"SELECT token FROM {GENERATION} WHERE id = 1")  # noqa: S608
    row = cursor.fetchone()
    return row[0] if row else None


def current() -> Snapshot:
    """The sets as the database holds them now (read again only when they changed)."""
    database = (connection.alias, connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        token = _token(cursor)
    held = _snapshots.get(database)
    if held is not None and held.token == token and token is not None:
        return held
    with _lock:
        held = _snapshots.get(database)
        if held is None or held.token != token or token is None:
            held = _refresh(held or Snapshot(), token)
            _snapshots[database] = held
        return held


def forget() -> None:
    """Drop every process-held set (the next search reads them whole)."""
    with _lock:
        _snapshots.clear()


def _sequence(cursor) -> int:
    """The last id the documents' id sequence gave (it only goes back when reset)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass)", [DOC]
        )
    else:
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [DOC])
    row = cursor.fetchone()
    return (row[0] if row else None) or 0


def _ids(cursor) -> BitMap:
    """Every indexed document id, read as one string (a fifth of the time of a row each)."""
    aggregate = (
        "string_agg(id::text, ',')" if connection.vendor == "postgresql" else "group_concat(id)"
    )
    cursor.execute(f"SELECT {aggregate} FROM {DOC}")  # noqa: S608
    text = cursor.fetchone()[0]
    if not text:
        return BitMap()
    return BitMap(array("I", np.fromstring(text, dtype=np.uint32, sep=",").tobytes()))


def _refresh(old: Snapshot, token) -> Snapshot:
    """A new snapshot: ``old`` with the documents added and removed since it was read.

    The token is read before the tables, so a change made while reading is seen again next
    time; reading it twice is harmless, as adding and removing ids is idempotent."""
    with connection.cursor() as cursor:
        sequence = _sequence(cursor)
        if old.in_transaction or sequence < old.sequence:
            old = Snapshot()
        now = _ids(cursor)
        added, removed = now - old.documents, old.documents - now
        new = Snapshot(
            token=token,
            documents=now,
            values={f: {v: BitMap(d) for v, d in sets.items()} for f, sets in old.values.items()},
            orders={sort: list(entries) for sort, entries in old.orders.items()},
            keys=dict(old.keys),
            sequence=sequence,
            in_transaction=connection.in_atomic_block,
        )
        if removed:
            _remove(new, removed)
        rows = _add(new, added, cursor) if added else []
        new.text = old.text.changed(
            [(row[0], *row[6:]) for row in rows], len(removed), new.documents
        )
    return new


def _remove(snapshot: Snapshot, removed: BitMap) -> None:
    for sets in snapshot.values.values():
        for value in list(sets):
            sets[value] -= removed
            if not sets[value]:
                del sets[value]
    if len(removed) * 20 > len(snapshot.keys):
        for sort in SORTS:
            snapshot.orders[sort] = [e for e in snapshot.orders[sort] if e[1] not in removed]
        for pk in removed:
            snapshot.keys.pop(pk, None)
        return
    for pk in removed:
        keys = snapshot.keys.pop(pk, None)
        if keys is None:
            continue
        for sort in SORTS:
            entries, entry = snapshot.orders[sort], (keys[sort], pk)
            at = bisect.bisect_left(entries, entry)
            if at < len(entries) and entries[at] == entry:
                del entries[at]


def _add(snapshot: Snapshot, added: BitMap, cursor) -> None:
    if len(added) > FULL_LOAD_THRESHOLD:
        # Grouped: one row per value rather than one per (document, value).
        aggregate = (
            "string_agg(document_id::text, ',')"
            if connection.vendor == "postgresql"
            else "group_concat(document_id)"
        )
        cursor.execute(
            f"SELECT facet, value, {aggregate} FROM {FACET} GROUP BY facet, value"  # noqa: S608
        )
        for facet, value, ids in cursor.fetchall():
            documents = BitMap(map(int, ids.split(","))) & added
            sets = snapshot.values.setdefault(facet, {})
            sets[value] = sets.get(value, BitMap()) | documents
        cursor.execute(f"SELECT {COLUMNS} FROM {DOC}")  # noqa: S608
        rows = [row for row in cursor.fetchall() if row[0] in added]
    else:
        ids, rows = list(added), []
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start : start + ID_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT document_id, facet, value FROM {FACET} "  # noqa: S608
                f"WHERE document_id IN ({marks})",
                chunk,
            )
            for pk, facet, value in cursor.fetchall():
                snapshot.values.setdefault(facet, {}).setdefault(value, BitMap()).add(pk)
            cursor.execute(
                f"SELECT {COLUMNS} FROM {DOC} WHERE id IN ({marks})",  # noqa: S608
                chunk,
            )
            rows.extend(cursor.fetchall())
    # A document removed between reading the ids and its row is left for the next change.
    snapshot.documents -= added - BitMap(row[0] for row in rows)
    entries = {sort: [] for sort in SORTS}
    kinds = snapshot.values.setdefault(KIND, {})
    for pk, name_sort, key, date, next_meeting, kind, *_terms in rows:
        # The kind is a set like a facet value's, so a search can keep to one kind.
        kinds.setdefault(kind, BitMap()).add(pk)
        keys = sort_keys(name_sort, key, date, next_meeting)
        snapshot.keys[pk] = keys
        for sort in SORTS:
            entries[sort].append((keys[sort], pk))
    for sort in SORTS:
        if len(entries[sort]) * 20 > len(snapshot.orders[sort]):
            snapshot.orders[sort] = sorted(snapshot.orders[sort] + entries[sort])
        else:
            for entry in entries[sort]:
                bisect.insort(snapshot.orders[sort], entry)
    return rows


__all__ = ["FACETS", "Snapshot", "current", "forget", "sort_keys"]
