"""Wagtail's search backend with the query cleaned before it reaches the engine.

Wagtail's own search (the admin's page, image, document and snippet search, and ``?search=``
in ``/api/v2/``) hands the words it is given to the database's full-text engine. SQLite's FTS5
reads a ``"`` (and PostgreSQL and MySQL read other characters) as query syntax, so one quote
made those pages fail. Here every search is reduced to plain words first: letters, digits,
apostrophes, hyphens and full stops, at most ``MAX_TERMS`` words of ``MAX_LENGTH`` characters
in all. A query with no words left finds nothing. On SQLite a search limited to some of a
model's fields searches the model's whole index entry (SQLite's index cannot tell fields apart).


Use it as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "cms.security.search_backend"``.
"""

from modelsearch.backends import database as database_backends
from modelsearch.query import (
    MATCH_NONE,
    And,
    Boost,
    Fuzzy,
    MatchAll,
    Not,
    Or,
    Phrase,
    PlainText,
)

import regex

MAX_LENGTH = 200
MAX_TERMS = 20
_NOT_A_WORD_CHARACTER = regex.compile(r"[^\p{L}\p{M}\p{N}'\-.\s]+")


def clean_words(text: str) -> str:
    """The words of a search, without anything a search engine could read as syntax."""
    words = _NOT_A_WORD_CHARACTER.sub(" ", str(text)[:MAX_LENGTH]).split()
    words = [word.strip("'-.") for word in words]
    return " ".join([word for word in words if word][:MAX_TERMS])


def clean_query(query):
    """The same query with every piece of text cleaned; ``None`` when no words are left."""
    if isinstance(query, str):
        return clean_words(query) or None
    if isinstance(query, PlainText):
        words = clean_words(query.query_string)
        return PlainText(words, operator=query.operator, boost=query.boost) if words else None
    if isinstance(query, Phrase):
        words = clean_words(query.query_string)
        return Phrase(words) if words else None
    if isinstance(query, Fuzzy):
        words = clean_words(query.query_string)
        return Fuzzy(words, operator=query.operator, unaccent=query.unaccent) if words else None
    if isinstance(query, Boost):
        inner = clean_query(query.subquery)
        return Boost(inner, query.boost) if inner is not None else None
    if isinstance(query, And | Or):
        parts = [part for part in map(clean_query, query.subqueries) if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not):
        inner = clean_query(query.subquery)
        return Not(inner) if inner is not None else None
    return query  # MatchAll and anything else without text


class CleanQueryMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if kwargs.get("fields") and query_compiler_class.__name__.startswith("SQLite"):
            # SQLite's index has only title, body and autocomplete columns: naming a model's
            # fields (as the admin's snippet search does) made every search fail. Search the
            # model's whole entry instead.
            kwargs["fields"] = None
        if query is None or isinstance(query, MatchAll):
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        cleaned = clean_query(query)
        if cleaned is None:
            # Not Wagtail's EmptySearchResults, which has no model for the admin's listings.
            cleaned = MATCH_NONE
        return super()._search(query_compiler_class, cleaned, model_or_queryset, **kwargs)


_classes: dict[type, type] = {}


def _with_clean_queries(backend_class: type) -> type:
    if backend_class not in _classes:
        _classes[backend_class] = type(
            f"Clean{backend_class.__name__}", (CleanQueryMixin, backend_class), {}
        )
    return _classes[backend_class]


def SearchBackend(params):
    """The database backend Wagtail would choose for this database, with cleaned queries."""
    backend = database_backends.SearchBackend(params)
    backend.__class__ = _with_clean_queries(type(backend))
    return backend
