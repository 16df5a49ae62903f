"""The one interface both search backends implement. Views and the API see only this."""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.queries import SearchQuery


@dataclass
class SearchHit:
    key: str
    kind: str
    kind_label: str
    object_id: int
    title: str
    summary: str
    url: str
    date: str | None = None
    next_meeting: str | None = None
    # Marked-up text: '\ue000' and '\ue001' around matches, rendered safely by highlight.py.
    highlights: dict[str, str] = field(default_factory=dict)


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]]
    backend: str
    took_ms: float = 0.0
    fell_back: bool = False

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


class SearchUnavailable(Exception):
    """The backend could not answer (unreachable, too slow, or refused the request)."""


class SearchBackend(ABC):
    name: str = ""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Answer one search: the page of hits, the total and every facet's counts."""

    @abstractmethod
    def suggest(self, prefix: str, *, size: int = 8) -> list[dict]:
        """Group names starting with (a word starting with) the prefix: [{title, url}]."""

    @abstractmethod
    def index(self, documents: list[dict]) -> None:
        """Add or replace prepared documents (see search/documents.py)."""

    @abstractmethod
    def delete(self, keys: Iterable[str]) -> None:
        """Remove documents by key; missing keys are fine."""

    @abstractmethod
    def indexed_hashes(self) -> dict[str, str]:
        """Every indexed key with its content hash (for the consistency check)."""

    @abstractmethod
    def rebuild(
        self, documents: Iterable[dict], *, total: int, progress=None, catch_up=None
    ) -> int:
        """Replace the whole index with these documents; return how many were written.
        ``catch_up(write)``, when given, is called just before the new index goes live, with
        ``write(documents, gone_keys)`` writing into the new index."""

    def health(self) -> dict:
        return {"status": "ok"}
