"""Rebuild throughput: rebuild_search_index's Elasticsearch path (read the register, prepare
documents, bulk into a new index, swap the alias) against the raw bulk helper fed by a
hand-written loop over the same rows. Target: at least 0.5x the raw throughput."""

import time

from _search_common import create_groups, elasticsearch, setup_django

GROUPS = 3_000


def main():
    with elasticsearch() as url:
        setup_django(es_url=url)
        from elasticsearch import helpers

        from intake.models import UserGroup
        from search.backends.elasticsearch import ElasticsearchBackend, new_index
        from search.indexing import document_count, iter_all_documents

        create_groups(GROUPS)
        backend = ElasticsearchBackend(timeout=60.0)
        client = backend._write_client()

        def raw():
            index = new_index(f"{backend.alias}-raw")
            index.create(using=client)
            groups = (
                UserGroup.objects.filter(status="listed")
                .select_related("administering_body")
                .prefetch_related("themes", "producing_organisations", "regions", "audiences")
            )
            actions = (
                {
                    "_index": index._name,
                    "_id": f"group:{g.pk}",
                    "_source": {
                        "key": f"group:{g.pk}", "kind": "group", "object_id": g.pk,
                        "title": g.name, "summary": g.summary, "body": g.description,
                        "theme": [t.slug for t in g.themes.all()],
                        "organisation": [o.slug for o in g.producing_organisations.all()],
                        "membership": [g.membership], "format": [g.format],
                        "region": [r.slug for r in g.regions.all()],
                        "audience": [a.slug for a in g.audiences.all()],
                    },
                }
                for g in groups.iterator(chunk_size=500)
            )  # fmt: skip
            written, _errors = helpers.bulk(client, actions, chunk_size=500)
            client.indices.delete(index=index._name)
            return written

        def ours():
            return backend.rebuild(iter_all_documents(), total=document_count())

        raw()  # warm up connections and caches
        started = time.perf_counter()
        raw_written = raw()
        raw_seconds = time.perf_counter() - started
        started = time.perf_counter()
        our_written = ours()
        our_seconds = time.perf_counter() - started
        assert our_written == raw_written == GROUPS
        ours_rate, raw_rate = our_written / our_seconds, raw_written / raw_seconds
        print(f"Rebuild of {GROUPS:,} groups into Elasticsearch")
        print(f"  ours (rebuild_search_index): {ours_rate:8,.0f} documents/s ({our_seconds:.2f} s)")
        print(f"  raw bulk helper:             {raw_rate:8,.0f} documents/s ({raw_seconds:.2f} s)")
        print(f"  ratio (ours / raw throughput): {ours_rate / raw_rate:.2f}x   target: >= 0.5x")
        backend.drop()


if __name__ == "__main__":
    main()
