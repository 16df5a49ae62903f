"""The embedded backend: the database's own full-text search (SQLite FTS5 or PostgreSQL).

The engine does matching and ranking; written here is only what it lacks: facet counts as one
GROUP BY statement, fuzzy matching through the vocabulary table, and highlighting.
"""

import time
from collections.abc import Iterable

from django.db import connection, transaction

from search import vocabulary
from search.analysis import analyse, sort_key
from search.backends.base import SearchBackend, SearchHit, SearchResults
from search.documents import FACETS
from search.highlight import mark_terms
from search.models import IndexedDocument, IndexedFacetValue, VocabularyTerm
from search.queries import HIGHLIGHT_FIELDS, QueryBuilder, SearchQuery

DOC = IndexedDocument._meta.db_table
FACET = IndexedFacetValue._meta.db_table


def _terms(text: str) -> str:
    return " ".join(analyse(text))


class EmbeddedBackend(SearchBackend):
    name = "database"

    # --- Reading ---------------------------------------------------------------------------
    def _matches(self, builder: QueryBuilder) -> tuple[str, list]:
        """SQL for (id, score) of the documents the text matches, and its parameters."""
        if connection.vendor == "postgresql":
            expression = builder.tsquery(vocabulary.expand)
            if not expression:
                return f"SELECT id, 0.0 AS score FROM {DOC}", []  # noqa: S608
            return (
                f"SELECT id, ts_rank_cd(search_vector, to_tsquery('simple', %s)) AS score "  # noqa: S608
                f"FROM {DOC} WHERE search_vector @@ to_tsquery('simple', %s)",
                [expression, expression],
            )
        expression = builder.fts5_match(vocabulary.expand)
        if not expression:
            return f"SELECT id, 0.0 AS score FROM {DOC}", []  # noqa: S608
        return (
            "SELECT rowid AS id, -rank AS score FROM hub_search_fts WHERE hub_search_fts MATCH %s",
            [expression],
        )

    @staticmethod
    def _filter_sql(filters: dict, *, skip: str | None = None) -> tuple[str, list]:
        parts, params = [], []
        for facet, values in filters.items():
            if facet == skip:
                continue
            marks = ", ".join(["%s"] * len(values))
            parts.append(
                f"EXISTS (SELECT 1 FROM {FACET} x WHERE x.document_id = m.id "  # noqa: S608
                f"AND x.facet = %s AND x.value IN ({marks}))"
            )
            params.extend([facet, *values])
        return (" AND ".join(parts) or "1 = 1"), params

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        builder = QueryBuilder(query)
        match_sql, match_params = self._matches(builder)
        filters = dict(query.filters)
        all_sql, all_params = self._filter_sql(filters)

        # One statement for the total and every facet's counts (each without its own filter).
        parts = [f"SELECT '_total' AS facet, '' AS value, COUNT(*) AS n FROM m WHERE {all_sql}"]  # noqa: S608
        params = list(all_params)
        for facet in FACETS:
            other_sql, other_params = self._filter_sql(filters, skip=facet)
            parts.append(
                f"SELECT f.facet, f.value, COUNT(*) FROM m JOIN {FACET} f ON f.document_id = m.id "  # noqa: S608
                f"WHERE f.facet = %s AND {other_sql} GROUP BY f.facet, f.value"
            )
            params.extend([facet, *other_params])
        counts_sql = f"WITH m AS ({match_sql}) " + " UNION ALL ".join(parts)
        hits_sql = (
            f"WITH m AS ({match_sql}) SELECT d.id FROM m JOIN {DOC} d ON d.id = m.id "  # noqa: S608
            f"WHERE {all_sql} ORDER BY {builder.sql_order(vendor=connection.vendor)} "
            "LIMIT %s OFFSET %s"
        )
        facets: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        total = 0
        with connection.cursor() as cursor:
            cursor.execute(counts_sql, [*match_params, *params])
            for facet, value, count in cursor.fetchall():
                if facet == "_total":
                    total = count
                else:
                    facets[facet][value] = count
            cursor.execute(hits_sql, [*match_params, *all_params, query.per_page, query.offset])
            ids = [row[0] for row in cursor.fetchall()]
        documents = IndexedDocument.objects.in_bulk(ids)
        terms = builder.matched_terms(vocabulary.expand)
        hits = []
        for pk in ids:
            doc = documents[pk]
            highlights = {}
            for name in HIGHLIGHT_FIELDS:
                marked = mark_terms(getattr(doc, name), terms)
                if marked != getattr(doc, name):
                    highlights[name] = marked
            hits.append(
                SearchHit(
                    key=doc.key,
                    kind=doc.kind,
                    kind_label=doc.kind_label,
                    object_id=doc.object_id,
                    title=doc.title,
                    summary=doc.summary,
                    url=doc.url,
                    date=doc.date.isoformat() if doc.date else None,
                    next_meeting=doc.next_meeting.isoformat() if doc.next_meeting else None,
                    highlights=highlights,
                )
            )
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            facets=facets,
            backend=self.name,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def suggest(self, prefix: str, *, size: int = 8) -> list[dict]:
        key = sort_key(prefix)
        if not key:
            return []
        rows = (
            IndexedDocument.objects.filter(kind="group")
            .filter(name_sort__startswith=key)
            .order_by("name_sort")
            .values("title", "url")[:size]
        )
        found = list(rows)
        if len(found) < size:
            more = (
                IndexedDocument.objects.filter(kind="group", name_sort__contains=" " + key)
                .exclude(name_sort__startswith=key)
                .order_by("name_sort")
                .values("title", "url")[: size - len(found)]
            )
            found.extend(more)
        return found

    # --- Writing ---------------------------------------------------------------------------
    def index(self, documents: list[dict]) -> None:
        if not documents:
            return
        new_terms = set()
        with transaction.atomic():
            IndexedDocument.objects.filter(key__in=[d["key"] for d in documents]).delete()
            rows = []
            for data in documents:
                title_terms = _terms(data["title"])
                keyword_terms = _terms(
                    " ".join((data["summary"], data["themes_text"], data["organisations_text"]))
                )
                body_terms = _terms(data["body"])
                new_terms.update(f"{title_terms} {keyword_terms} {body_terms}".split())
                rows.append(
                    IndexedDocument(
                        key=data["key"],
                        kind=data["kind"],
                        kind_label=data["kind_label"],
                        object_id=data["object_id"],
                        title=data["title"][:300],
                        summary=data["summary"],
                        url=data["url"][:500],
                        name_sort=data["name_sort"],
                        date=data["date"],
                        next_meeting=data["next_meeting"],
                        title_terms=title_terms,
                        keyword_terms=keyword_terms,
                        body_terms=body_terms,
                        content_hash=data["content_hash"],
                    )
                )
            created = IndexedDocument.objects.bulk_create(rows, batch_size=500)
            if connection.vendor == "sqlite" and any(doc.pk is None for doc in created):
                by_key = dict(
                    IndexedDocument.objects.filter(key__in=[d.key for d in created]).values_list(
                        "key", "pk"
                    )
                )
                for doc in created:
                    doc.pk = by_key[doc.key]
            facet_rows = [
                IndexedFacetValue(document_id=doc.pk, facet=facet, value=value)
                for doc, data in zip(created, documents, strict=True)
                for facet in FACETS
                for value in dict.fromkeys(data[facet])
            ]
            IndexedFacetValue.objects.bulk_create(facet_rows, batch_size=1000)
            self._add_terms(new_terms)
        vocabulary.vocabulary_changed()

    @staticmethod
    def _add_terms(terms: set[str]) -> None:
        rows = [VocabularyTerm(term=t) for t in sorted(terms) if 0 < len(t) <= 100]
        VocabularyTerm.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            IndexedDocument.objects.filter(key__in=keys).delete()

    def indexed_hashes(self) -> dict[str, str]:
        return dict(IndexedDocument.objects.values_list("key", "content_hash"))

    def rebuild(self, documents: Iterable[dict], *, total: int, progress=None) -> int:
        # One transaction: readers see the old index until the new one is complete.
        written, batch = 0, []
        with transaction.atomic():
            IndexedFacetValue.objects.all()._raw_delete(IndexedFacetValue.objects.db)
            IndexedDocument.objects.all()._raw_delete(IndexedDocument.objects.db)
            for data in documents:
                batch.append(data)
                if len(batch) >= 500:
                    self.index(batch)
                    written += len(batch)
                    batch = []
                    if progress:
                        progress(written)
            self.index(batch)
            written += len(batch)
            if progress:
                progress(written)
        return written

    def health(self) -> dict:
        return {"status": "ok", "documents": IndexedDocument.objects.count()}
