"""Writes of the search app: the query log (no personal data)."""

import re

from search.backends.base import SearchResults
from search.models import QueryLog

_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\d[\d ]{5,}\d")
_POSTCODE = re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b", re.IGNORECASE)


def redact(text: str) -> str:
    """Remove what could identify a person if someone types it into the search box."""
    text = _EMAIL.sub("[email]", text)
    text = _POSTCODE.sub("[postcode]", text)
    return _LONG_NUMBER.sub("[number]", text)


def query_log_record(*, results: SearchResults, duration_ms: float, source: str) -> QueryLog:
    query = results.query
    themes = query.filters.get("theme", ())
    return QueryLog.objects.create(
        query=redact(query.text.lower())[:200],
        filters={facet: list(values) for facet, values in query.filters.items()},
        theme=themes[0] if themes else "",
        sort=query.sort,
        page=query.page,
        result_count=results.total,
        backend=results.backend,
        fell_back=results.fell_back,
        duration_ms=round(duration_ms, 2),
        source=source,
    )
