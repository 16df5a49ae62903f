"""The embedded backend (SQLite FTS5) at 100,000 generated groups against hand-written FTS SQL
answering the same request (page of hits, total, six facets each without its own filter).
Target: at most 1.5x at the median. Prints p50, p95 and the ratio from one run."""

import random
import time

from _search_common import WORDS, report, setup_django, timed

DOCUMENTS = 100_000
ROUNDS = 20
FACET_VALUES = {
    "theme": ["gdp", "economy", "housing", "census", "health-and-social-care", "crime-and-justice"],
    "organisation": ["ons", "dwp", "dhsc", "hmrc", "dfe", "ho", "moj"],
    "membership": ["open", "request", "invitation"],
    "format": ["online", "in_person", "hybrid"],
    "region": ["wales", "scotland", "england", "london", "northern-ireland"],
    "audience": ["businesses", "journalists", "the-nhs", "local-government"],
}


def generate(cursor, rng):
    """100,000 documents, their facet values and vocabulary, by bulk SQL inserts."""
    from search.analysis import analyse

    stems = {word: " ".join(analyse(word)) for word in WORDS}
    docs, facets, vocabulary = [], [], set(stems.values())
    for i in range(1, DOCUMENTS + 1):
        title = [rng.choice(WORDS) for _ in range(3)]
        body = [rng.choice(WORDS) for _ in range(25)]
        code = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(7))
        vocabulary.add(code)
        docs.append((
            i, f"group:{i}", "group", i, "User group", " ".join(title).title(), " ".join(body[:8]),
            f"/groups/{i}/", " ".join(title), "2025-01-01 00:00:00", None,
            " ".join(stems[w] for w in title), code, " ".join(stems[w] for w in body), "x",
        ))  # fmt: skip
        for facet, values in FACET_VALUES.items():
            for value in rng.sample(values, 1 if facet in {"membership", "format"} else 2):
                facets.append((i, facet, value))
    # The driver's own executemany: Django's wrapper rewrites parameters row by row.
    raw = cursor.connection
    raw.executemany(
        "INSERT INTO hub_search_indexeddocument (id, key, kind, object_id, kind_label, title, "
        "summary, url, name_sort, date, next_meeting, title_terms, keyword_terms, body_terms, "
        "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    raw.executemany(
        "INSERT INTO hub_search_indexedfacetvalue (document_id, facet, value) VALUES (?, ?, ?)",
        facets,
    )
    raw.executemany(
        "INSERT INTO hub_search_vocabularyterm (term) VALUES (?)",
        [(t,) for t in sorted(vocabulary)],
    )


def hand_written(cursor, match, filters, order_by_rank=True):
    """The same request written by hand as two SQL statements: every count (each facet
    without its own filter) in one, the page of hits in the other."""

    def where(skip=None):
        parts, params = [], []
        for facet, values in filters.items():
            if facet != skip:
                marks = ", ".join(["%s"] * len(values))
                parts.append(
                    "EXISTS (SELECT 1 FROM hub_search_indexedfacetvalue x WHERE x.facet = %s "  # noqa: S608
                    f"AND x.value IN ({marks}) AND x.document_id = m.id)"
                )
                params += [facet, *values]
        return (" AND ".join(parts) or "1 = 1"), params

    sql, params = where()
    selects = [f"SELECT '_total', '', COUNT(*) FROM m WHERE {sql}"]  # noqa: S608
    all_params = [match, *params]
    for facet in FACET_VALUES:
        other, other_params = where(skip=facet)
        selects.append(
            "SELECT f.facet, f.value, COUNT(*) FROM m JOIN hub_search_indexedfacetvalue f "  # noqa: S608
            f"ON f.document_id = m.id AND f.facet = %s WHERE {other} GROUP BY f.facet, f.value"
        )
        all_params += [facet, *other_params]
    cursor.execute(
        "WITH m AS MATERIALIZED (SELECT rowid AS id FROM hub_search_fts WHERE hub_search_fts "  # noqa: S608
        "MATCH %s) " + " UNION ALL ".join(selects),
        all_params,
    )
    cursor.fetchall()
    cursor.execute(
        "WITH m AS (SELECT rowid AS id, rank FROM hub_search_fts WHERE hub_search_fts MATCH %s) "  # noqa: S608
        "SELECT d.id, d.key, d.title, d.summary, d.url FROM m "
        f"JOIN hub_search_indexeddocument d ON d.id = m.id WHERE {sql} "
        "ORDER BY m.rank, d.name_sort, d.key LIMIT 20",
        [match, *params],
    )
    cursor.fetchall()


def main():
    setup_django()
    from django.db import connection, transaction

    from search import vocabulary
    from search.backends.embedded import EmbeddedBackend
    from search.queries import QueryBuilder, SearchQuery

    rng = random.Random(11)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        generate(cursor, rng)
    print(f"(generated {DOCUMENTS:,} documents in {time.perf_counter() - started:.1f} s)")

    backend = EmbeddedBackend()
    cases = []
    for _ in range(ROUNDS):
        text = " ".join(
            rng.sample(["labour", "inflaton", "helth", "census", "wales"], rng.choice([1, 2]))
        )
        filters = {}
        if rng.random() < 0.6:
            filters = {"format": ("online",), "theme": ("gdp", "housing")}
        cases.append(SearchQuery(text=text, filters=filters))
    for query in cases[:5]:
        backend.search(query)
    ours, theirs = [], []
    with connection.cursor() as cursor:
        for query in cases:
            # The hand-written SQL gets our MATCH expression ready-made (typos expanded), so
            # the comparison is of the database work and our overhead around it.
            match = QueryBuilder(query).fts5_match(vocabulary.expand)
            filters = {facet: list(values) for facet, values in query.filters.items()}
            ours.append(timed(backend.search, query))
            theirs.append(timed(hand_written, cursor, match, filters))
    report(
        f"Embedded search at {DOCUMENTS:,} groups, {ROUNDS} queries with all facets: "
        "ours vs hand-written FTS5 SQL",
        ours, theirs, target="<= 1.5x",
    )  # fmt: skip


if __name__ == "__main__":
    main()
