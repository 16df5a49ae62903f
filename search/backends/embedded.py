"""The embedded backend: the index stored in the database (SQLite or PostgreSQL), searched
in each process.

The database holds the documents, their analysed terms and facet values, and keeps its own
full-text index of them (FTS5 or a tsvector) in step; each process reads them into compact
sets (search/backends/bitmaps.py: facet values and sort orders; search/backends/terms.py: the
terms' postings and impacts), so the text match, its ranking, the facet counts and the page
are computed in memory. Fuzzy matching goes through the vocabulary table; highlighting is here.
"""

import time
from collections.abc import Iterable

from django.db import connection, transaction

from pyroaring import BitMap

from search import vocabulary
from search.analysis import content_words, engine_token, sort_key, stem
from search.backends import bitmaps
from search.backends.base import SearchBackend, SearchHit, SearchResults
from search.documents import FACETS, KIND
from search.highlight import mark_terms
from search.models import IndexedDocument, IndexedFacetValue, SurfaceWord, VocabularyTerm
from search.queries import HIGHLIGHT_FIELDS, QueryBuilder, SearchQuery

DOC = IndexedDocument._meta.db_table
FACET = IndexedFacetValue._meta.db_table


def _terms(text: str, surface: set[str], terms: set[str]) -> str:
    """The text's index terms as the engine spells them (``engine_token``), space separated;
    its words as written are added to ``surface`` and its terms to ``terms``."""
    found = content_words(text)
    surface.update(found)
    stems = [stem(word) for word in found]
    terms.update(stems)
    return " ".join(engine_token(term) for term in stems)


class EmbeddedBackend(SearchBackend):
    name = "database"

    # --- Reading ---------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        known = vocabulary.snapshot()  # one version check for fuzzy terms and respellings
        builder = QueryBuilder(query, respell=known.respell, knows=known.knows)
        expand = known.expand
        filters = {facet: values for facet, values in query.filters.items() if facet in FACETS}
        sets = bitmaps.current()

        # The match as a set (every document when there is no text), from the terms'
        # postings held beside the facet sets; scored only when sorting by relevance.
        scorer = None
        if builder.has_text:
            matched, scorer = sets.text.match(builder.term_clauses(expand), sets.documents)
        else:
            matched = sets.documents

        # Counts: each facet without its own filter, as Elasticsearch's post_filter does; the
        # kind shown is counted the same way.
        chosen = {facet: sets.facet_set(facet, values) for facet, values in filters.items()}
        chosen[KIND] = sets.facet_set(KIND, [query.kind])
        results = BitMap.intersection(matched, *chosen.values())
        facets: dict[str, dict[str, int]] = {}
        for facet in (*FACETS, KIND):
            others = [documents for name, documents in chosen.items() if name != facet]
            within = BitMap.intersection(matched, *others) if others else matched
            facets[facet] = sets.counts(facet, within)

        if scorer is not None and query.sort == "relevance":
            keys = sets.keys
            ids = scorer.page(
                results,
                offset=query.offset,
                limit=query.per_page,
                name_key=lambda pk: keys[pk]["name"],
                by_name=lambda within, limit: sets.page("name", within, offset=0, limit=limit),
            )
        else:
            sort = query.sort if query.sort != "relevance" else "name"
            ids = sets.page(sort, results, offset=query.offset, limit=query.per_page)
        total = len(results)
        documents = IndexedDocument.objects.in_bulk(ids)
        terms = builder.matched_terms(expand)
        hits = []
        for pk in ids:
            doc = documents.get(pk)
            if doc is None:  # removed since the sets were read
                continue
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
        new_terms, new_words = set(), set()
        with transaction.atomic():
            IndexedDocument.objects.filter(key__in=[d["key"] for d in documents]).delete()
            rows = []
            for data in documents:
                title_terms = _terms(data["title"], new_words, new_terms)
                keyword_terms = _terms(
                    " ".join((data["summary"], data["themes_text"], data["organisations_text"])),
                    new_words,
                    new_terms,
                )
                body_terms = _terms(data["body"], new_words, new_terms)
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
            self._add_terms(new_terms, new_words)

    @staticmethod
    def _add_terms(terms: set[str], words: set[str]) -> None:
        """Record new index terms, and the words as written behind them (for respelling)."""
        rows = [VocabularyTerm(term=t) for t in sorted(terms) if 0 < len(t) <= 100]
        VocabularyTerm.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        surface = [SurfaceWord(word=w, term=stem(w)) for w in sorted(words) if 0 < len(w) <= 100]
        SurfaceWord.objects.bulk_create(surface, batch_size=1000, ignore_conflicts=True)

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            IndexedDocument.objects.filter(key__in=keys).delete()

    def indexed_hashes(self) -> dict[str, str]:
        return dict(IndexedDocument.objects.values_list("key", "content_hash"))

    def rebuild(
        self, documents: Iterable[dict], *, total: int, progress=None, catch_up=None
    ) -> int:
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
            if catch_up:
                catch_up(lambda docs, gone: (self.index(docs), self.delete(gone)))
        return written

    def health(self) -> dict:
        return {"status": "ok", "documents": IndexedDocument.objects.count()}
