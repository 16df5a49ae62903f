"""Our faceted search (results and all six facets, one request) against Wagtail's own search
(wagtail.search, Elasticsearch 8 backend) answering one facet field per request, on the same
groups in the same Elasticsearch. Target: ours faster. Prints the ratio from one run.

Wagtail's facet() can only count concrete FilterFields (not themes, regions or audiences,
which are many-to-many), returns the top ten buckets, and counts within the filtered set, so
it answers less than ours does even with four requests."""

import random

from _search_common import create_groups, elasticsearch, report, setup_django, timed

GROUPS = 300  # noida-db scans every document per match clause; keep the run short
ROUNDS = 40
WAGTAIL_FACETS = ("membership", "format", "administering_body_id")


def main():
    with elasticsearch() as url:
        setup_django(es_url=url)
        from django.conf import settings

        from wagtail.search import index
        from wagtail.search.backends import get_search_backend

        from intake.models import UserGroup
        from search.backends.elasticsearch import ElasticsearchBackend
        from search.indexing import document_count, iter_all_documents
        from search.queries import SearchQuery

        class BenchGroup(index.Indexed, UserGroup):
            """The register as Wagtail's search sees a model: text and filter fields."""

            search_fields = [
                index.SearchField("name", boost=3),
                index.SearchField("summary", boost=2),
                index.SearchField("description"),
                index.FilterField("status"),
                index.FilterField("membership"),
                index.FilterField("format"),
                index.FilterField("administering_body_id"),
            ]

            class Meta:
                proxy = True
                app_label = "hub_search"

        create_groups(GROUPS)
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {"BACKEND": "wagtail.search.backends.database"},
            "bench": {
                "BACKEND": "wagtail.search.backends.elasticsearch8",
                "URLS": [url],
                "INDEX_PREFIX": f"{settings.SEARCH_INDEX_PREFIX}-wagtail-",
                "TIMEOUT": 60,
            },
        }
        wagtail = get_search_backend("bench")
        wagtail_index = wagtail.get_index_for_model(BenchGroup)
        wagtail_index.reset()
        wagtail_index.add_model(BenchGroup)
        wagtail_index.add_items(BenchGroup, list(BenchGroup.objects.all()))
        wagtail_index.refresh()

        ours = ElasticsearchBackend(timeout=60.0)
        ours.rebuild(iter_all_documents(), total=document_count())

        rng = random.Random(5)
        words = ["health", "labour", "inflation", "housing", "census", "trade", "survey"]
        cases = []
        for _ in range(ROUNDS):
            text = rng.choice(words)
            filters = {"membership": ("open",)} if rng.random() < 0.5 else {}
            cases.append((text, filters))

        def wagtail_search(text, filters):
            queryset = BenchGroup.objects.filter(
                status="listed", **{k: v[0] for k, v in filters.items()}
            )
            # Explicit fields: noida-db ignores copy_to, so Wagtail's _all_text would be empty.
            results = wagtail.search(text, queryset, fields=["name", "summary", "description"])
            hits = list(results[:20])
            return hits, {field: results.facet(field) for field in WAGTAIL_FACETS}

        def our_search(text, filters):
            return ours.search(SearchQuery(text=text, filters=filters))

        for text, filters in cases[:5]:
            hits, _facets = wagtail_search(text, filters)
            results = our_search(text, filters)
            # The same groups come back (ours also finds near spellings, so at least as many).
            assert len(hits) == min(20, len(hits)) and results.total >= len(hits) > 0
        ours_times, wagtail_times = [], []
        for text, filters in cases:
            ours_times.append(timed(our_search, text, filters))
            wagtail_times.append(timed(wagtail_search, text, filters))
        report(
            f"{GROUPS} groups, {ROUNDS} queries: ours (results + 6 facets, 1 request) vs "
            f"Wagtail search (results + {len(WAGTAIL_FACETS)} facets, "
            f"{1 + len(WAGTAIL_FACETS)} requests)",
            ours_times, wagtail_times, target="< 1.0x (ours faster)",
        )  # fmt: skip
        ours.drop()
        wagtail_index.delete()


if __name__ == "__main__":
    main()
