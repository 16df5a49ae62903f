"""The Elasticsearch backend (Elasticsearch 8 through ``elasticsearch.dsl``).

Searches go through an alias; ``rebuild`` fills a new index with the bulk helper and swaps
the alias in one atomic ``_aliases`` call, so searches keep working during a rebuild.
"""

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch.dsl import Index, Search

from search.backends.base import SearchBackend, SearchHit, SearchResults, SearchUnavailable
from search.documents import FACETS, KIND, HubDocument, index_alias
from search.queries import HIGHLIGHT_FIELDS, QueryBuilder, SearchQuery

SOURCE_FIELDS = [
    "key", "kind", "kind_label", "object_id", "title", "summary", "url", "date", "next_meeting",
]  # fmt: skip


@lru_cache(maxsize=4)
def get_client(url: str, timeout: float) -> Elasticsearch:
    # No retries: a slow or absent cluster must fail within the timeout so search can fall back.
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def new_index(alias: str) -> Index:
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    index = Index(f"{alias}-{stamp}")
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(HubDocument)
    return index


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(
        self,
        url: str | None = None,
        *,
        timeout: float | None = None,
        write_timeout: float = 30.0,
        alias: str | None = None,
    ):
        self.url = url or settings.ELASTICSEARCH_URL
        self.timeout = settings.SEARCH_TIMEOUT_SECONDS if timeout is None else timeout
        # Workers and rebuilds may wait longer than a search; a request's after-commit
        # work passes the search timeout so an outage never holds a registration up.
        self.write_timeout = write_timeout
        self.alias = alias or index_alias()

    @property
    def client(self) -> Elasticsearch:
        return get_client(self.url, self.timeout)

    def _write_client(self) -> Elasticsearch:
        return self.client.options(request_timeout=self.write_timeout)

    # --- Index management ------------------------------------------------------------------
    def ensure_index(self) -> None:
        """Create the first concrete index behind the alias if there is none."""
        client = self._write_client()
        if client.indices.exists_alias(name=self.alias):
            return
        index = new_index(self.alias)
        index.create(using=client)
        client.indices.update_aliases(
            actions=[{"add": {"index": index._name, "alias": self.alias}}]
        )

    def concrete_indices(self) -> list[str]:
        try:
            return sorted(self._write_client().indices.get_alias(name=self.alias).keys())
        except ApiError as exc:
            if getattr(exc, "status_code", None) == 404:
                return []
            raise

    # --- Reading ---------------------------------------------------------------------------
    def build_search(self, query: SearchQuery) -> Search:
        builder = QueryBuilder(query)
        search = Search(using=self.client, index=self.alias).source(SOURCE_FIELDS)
        return builder.es_search(search)

    def request_body(self, query: SearchQuery) -> dict:
        """The whole search as one request body (built from the database's synonyms)."""
        return self.build_search(query).to_dict()

    def execute(self, body: dict) -> dict:
        """Send one search request; only HTTP, so it may run on a deadline thread."""
        try:
            return self.client.search(index=self.alias, body=body).body
        except (TransportError, ApiError) as exc:
            raise SearchUnavailable(f"{exc.__class__.__name__}: {exc}") from exc

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        body = self.execute(self.request_body(query))
        return self.parse(query, body, started=started)

    def parse(self, query: SearchQuery, body: dict, *, started: float) -> SearchResults:
        hits = []
        for hit in body["hits"]["hits"]:
            source = hit["_source"]
            highlights = {
                name: fragments[0]
                for name, fragments in (hit.get("highlight") or {}).items()
                if name in HIGHLIGHT_FIELDS and fragments
            }
            hits.append(
                SearchHit(
                    key=source["key"],
                    kind=source["kind"],
                    kind_label=source.get("kind_label", ""),
                    object_id=source["object_id"],
                    title=source["title"],
                    summary=source.get("summary", ""),
                    url=source.get("url", ""),
                    date=source.get("date"),
                    next_meeting=source.get("next_meeting"),
                    highlights=highlights,
                )
            )
        aggregations = body.get("aggregations", {})
        facets = {
            facet: {
                str(bucket["key"]): bucket["doc_count"]
                for bucket in aggregations.get(f"facet_{facet}", {})
                .get("values", {})
                .get("buckets", [])
            }
            for facet in (*FACETS, KIND)
        }
        return SearchResults(
            query=query,
            hits=hits,
            total=body["hits"]["total"]["value"],
            facets=facets,
            backend=self.name,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def suggest(self, prefix: str, *, size: int = 8) -> list[dict]:
        body = self.suggest_body(prefix, size=size)
        return [] if body is None else self.parse_suggestions(self.execute(body))

    def suggest_body(self, prefix: str, *, size: int = 8) -> dict | None:
        request = QueryBuilder(SearchQuery()).es_suggest(
            Search(index=self.alias), prefix=prefix, size=size
        )
        return None if request is None else request.to_dict()

    @staticmethod
    def parse_suggestions(body: dict) -> list[dict]:
        return [
            {"title": hit["_source"]["title"], "url": hit["_source"].get("url", "")}
            for hit in body["hits"]["hits"]
        ]

    # --- Writing ---------------------------------------------------------------------------
    def _actions(self, documents: Iterable[dict], index: str):
        for data in documents:
            yield {"_index": index, "_id": data["key"], "_source": data}

    def index(self, documents: list[dict]) -> None:
        if not documents:
            return
        try:
            self.ensure_index()
            helpers.bulk(self._write_client(), self._actions(documents, self.alias), refresh=True)
        except (TransportError, ApiError, helpers.BulkIndexError) as exc:
            raise SearchUnavailable(str(exc)) from exc

    def _write_into(self, client, index: str, documents: list[dict], gone: list[str]) -> None:
        """Index and delete in one concrete index (a rebuild's, before it goes live)."""
        actions = [
            *self._actions(documents, index),
            *({"_op_type": "delete", "_index": index, "_id": key} for key in gone),
        ]
        if actions:
            helpers.bulk(client, actions, raise_on_error=False, raise_on_exception=True)

    def delete(self, keys: Iterable[str]) -> None:
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys]
        if not actions:
            return
        try:
            self.ensure_index()
            helpers.bulk(
                self._write_client(), actions, refresh=True, raise_on_error=False,
                raise_on_exception=True,
            )  # fmt: skip
        except (TransportError, ApiError) as exc:
            raise SearchUnavailable(str(exc)) from exc

    def indexed_hashes(self) -> dict[str, str]:
        try:
            if not self.client.indices.exists_alias(name=self.alias):
                return {}
            return {
                hit["_source"]["key"]: hit["_source"].get("content_hash", "")
                for hit in helpers.scan(
                    self._write_client(),
                    index=self.alias,
                    query={"query": {"match_all": {}}, "_source": ["key", "content_hash"]},
                )
            }
        except (TransportError, ApiError) as exc:
            raise SearchUnavailable(str(exc)) from exc

    def rebuild(
        self, documents: Iterable[dict], *, total: int, progress=None, catch_up=None
    ) -> int:
        """Build a new index, fill it with the bulk helper, swap the alias atomically."""
        client = self._write_client()
        index = new_index(self.alias)
        index.create(using=client)
        client.indices.put_settings(
            index=index._name, settings={"index": {"refresh_interval": "-1"}}
        )
        written = 0
        for ok, _item in helpers.streaming_bulk(
            client, self._actions(documents, index._name), chunk_size=500, raise_on_error=True
        ):
            written += int(ok)
            if progress and written % 500 == 0:
                progress(written)
        if progress:
            progress(written)
        client.indices.put_settings(
            index=index._name, settings={"index": {"refresh_interval": "1s"}}
        )
        if catch_up:
            catch_up(lambda docs, gone: self._write_into(client, index._name, docs, gone))
        client.indices.refresh(index=index._name)
        old = self.concrete_indices()
        if client.indices.exists(index=self.alias) and not old:
            # A plain index squatting on the alias name (never ours): move it aside.
            client.indices.delete(index=self.alias)
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": index._name, "alias": self.alias}})
        client.indices.update_aliases(actions=actions)
        for name in old:
            client.options(ignore_status=404).indices.delete(index=name)
        return written

    def drop(self) -> None:
        """Delete every index behind the alias (tests and tear-down)."""
        for name in self.concrete_indices():
            self._write_client().options(ignore_status=404).indices.delete(index=name)

    def health(self) -> dict:
        try:
            info = self.client.cluster.health()
        except (TransportError, ApiError) as exc:
            return {"status": "down", "error": exc.__class__.__name__}
        return {"status": "ok", "cluster": info.body.get("status", "")}
