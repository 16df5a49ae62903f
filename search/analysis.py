"""The one text analyser both backends share.

Elasticsearch runs it as the ``hub_text`` analyser (standard tokenizer, lowercase, ASCII
folding, the English stop words below, Porter stemming); the embedded backend runs the Python
twin below before text reaches SQLite FTS5 or PostgreSQL, so both engines index and query
the same terms. Fuzzy matching follows Elasticsearch's ``fuzziness: AUTO`` rule.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Lucene's English stop set, spelt out so Elasticsearch and Python use the very same list.
STOP_WORDS = [
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "but",
    "by",
    "for",
    "if",
    "in",
    "into",
    "is",
    "it",
    "no",
    "not",
    "of",
    "on",
    "or",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "to",
    "was",
    "will",
    "with",
]
_STOP = frozenset(STOP_WORDS)
_TOKEN = re.compile(r"[a-z0-9]+")
_stemmer = snowballstemmer.stemmer("porter")

# Fuzzy matching: the first character must match (typos rarely start a word) and each
# typed word expands to at most this many indexed terms, as in Elasticsearch.
FUZZY_PREFIX_LENGTH = 1
FUZZY_MAX_EXPANSIONS = 50


def fold(text: str) -> str:
    """Lower-case ASCII: 'Café Économie' -> 'cafe economie'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def words(text: str) -> list[str]:
    """Folded words without stemming or stop-word removal."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    # Lucene's Porter stemmer leaves words of one or two letters alone.
    return word if len(word) <= 2 else _stemmer.stemWord(word)


def content_words(text: str) -> list[str]:
    """Folded words without stop words, unstemmed: the surface forms behind ``analyse``."""
    return [word for word in words(text) if word not in _STOP]


def analyse(text: str) -> list[str]:
    """Index terms for a text, in order (duplicates kept)."""
    return [stem(word) for word in content_words(text)]


def max_edits(term: str) -> int:
    """Elasticsearch's AUTO fuzziness for an analysed term."""
    if len(term) < 3:
        return 0
    return 1 if len(term) < 6 else 2


def sort_key(text: str) -> str:
    """A collation-free sort key: folded words joined by single spaces."""
    return " ".join(words(text))[:200]
