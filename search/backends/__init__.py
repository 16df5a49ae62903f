"""Which backend answers: Elasticsearch when ELASTICSEARCH_URL is set (falling back to the
embedded backend when it is down or slow), the embedded backend otherwise."""

import concurrent.futures
import logging
import threading
import time
from collections.abc import Iterable

from django.conf import settings

from cms.resilience import breaker
from search.backends.base import SearchBackend, SearchResults, SearchUnavailable
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.queries import SearchQuery

logger = logging.getLogger("search")

# What /healthz reports about the last search in this process.
last_search: dict = {"backend": None, "fell_back": False, "error": "", "at": None}
_state_lock = threading.Lock()
_executor = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="es-search")
GRACE_SECONDS = 0.05
# After Elasticsearch fails, reads and request-time writes skip it for this long.
CIRCUIT_SECONDS = 10.0


def search_breaker(backend_name: str):
    """The process's breaker for one search backend, shared by reads and writes."""
    return breaker(f"search:{backend_name}", seconds=CIRCUIT_SECONDS)


def _record(*, backend: str, fell_back: bool, error: str = "") -> None:
    with _state_lock:
        last_search.update(backend=backend, fell_back=fell_back, error=error, at=time.time())


class FallbackBackend(SearchBackend):
    """Elasticsearch first; the embedded backend when it fails or misses the deadline."""

    name = "elasticsearch"

    def __init__(self, primary: ElasticsearchBackend, fallback: EmbeddedBackend):
        self.primary = primary
        self.fallback = fallback

    def _deadline(self) -> float:
        return self.primary.timeout + GRACE_SECONDS

    def _execute(self, body: dict) -> dict:
        """Run the HTTP request on a worker thread with a hard deadline: the client's own
        timeout is per socket read, and a trickling server could exceed it."""
        future = _executor.submit(self.primary.execute, body)
        try:
            return future.result(timeout=self._deadline())
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise SearchUnavailable(f"no answer within {self._deadline():.2f} s") from exc
        except SearchUnavailable:
            raise
        except Exception as exc:  # a malformed answer must not take the page down either
            raise SearchUnavailable(f"{exc.__class__.__name__}: {exc}") from exc

    def _answer(self, body: dict) -> dict:
        """The primary's answer, or SearchUnavailable at once while its breaker is open."""
        circuit = search_breaker(self.primary.name)
        if not circuit.allows():
            raise SearchUnavailable("skipped: Elasticsearch failed moments ago")
        try:
            answer = self._execute(body)
        except SearchUnavailable as exc:
            circuit.failed(exc)
            raise
        circuit.succeeded()
        return answer

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        try:
            body = self._answer(self.primary.request_body(query))
            results = self.primary.parse(query, body, started=started)
        except (SearchUnavailable, KeyError, TypeError) as exc:
            logger.warning(
                "search fell back to the embedded backend",
                extra={"error": str(exc)[:300], "backend": "elasticsearch"},
            )
            _record(backend=self.fallback.name, fell_back=True, error=str(exc)[:300])
            results = self.fallback.search(query)
            results.fell_back = True
            return results
        _record(backend=self.primary.name, fell_back=False)
        return results

    def suggest(self, prefix: str, *, size: int = 8) -> list[dict]:
        body = self.primary.suggest_body(prefix, size=size)
        if body is None:
            return []
        try:
            return self.primary.parse_suggestions(self._answer(body))
        except (SearchUnavailable, KeyError, TypeError):
            return self.fallback.suggest(prefix, size=size)

    # Writes go to the outbox per backend (search/indexing.py), never through here.
    def index(self, documents: list[dict]) -> None:
        raise NotImplementedError

    def delete(self, keys: Iterable[str]) -> None:
        raise NotImplementedError

    def indexed_hashes(self) -> dict[str, str]:
        return self.primary.indexed_hashes()

    def rebuild(self, documents, *, total: int, progress=None) -> int:
        raise NotImplementedError

    def health(self) -> dict:
        return self.primary.health()


def write_backends(*, eager: bool = False) -> dict[str, SearchBackend]:
    """Every backend that must hold the index. The embedded one always does, so a fallback
    has something to answer from. ``eager`` (inside a request) keeps write timeouts short."""
    backends: dict[str, SearchBackend] = {"database": EmbeddedBackend()}
    if settings.ELASTICSEARCH_URL:
        write_timeout = settings.SEARCH_TIMEOUT_SECONDS if eager else 30.0
        backends["elasticsearch"] = ElasticsearchBackend(write_timeout=write_timeout)
    return backends


def get_backend() -> SearchBackend:
    """The backend that answers searches."""
    if settings.ELASTICSEARCH_URL:
        return FallbackBackend(ElasticsearchBackend(), EmbeddedBackend())
    _record(backend="database", fell_back=False)
    return EmbeddedBackend()
