"""The one text analyser both backends share.

Elasticsearch runs it as the ``hub_text`` analyser (standard tokenizer, lowercase, ASCII
folding, the English stop words below, Porter stemming); the embedded backend runs the Python
twin below before text reaches SQLite FTS5 or PostgreSQL, so both engines index and query
the same terms. Fuzzy matching follows Elasticsearch's ``fuzziness: AUTO`` rule.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import regex
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
# A stemmer keeps its word as state while it works: one per thread, or two threads of a web
# worker stemming at once corrupt each other's word.
_stemmers = threading.local()

# Fuzzy matching: the first character must match (typos rarely start a word) and each
# typed word expands to at most this many indexed terms, as in Elasticsearch.
FUZZY_PREFIX_LENGTH = 1
FUZZY_MAX_EXPANSIONS = 50

# --- The tokeniser contract ------------------------------------------------------------------
# Elasticsearch: the ``hub_apostrophes`` mapping char filter, then the standard tokenizer
# (Unicode word boundaries, UAX #29). Python: the same removal, then the ``regex`` module's
# Unicode word boundaries. So, in both:
# * apostrophes are removed first: "Children's" and its curly form -> "childrens", "O'Neill"
#   -> "oneill";
# * hyphens, slashes and other punctuation split words: "well-being" -> "well", "being";
# * full stops and commas between digits, and full stops or colons between letters, join:
#   "3.5", "1,000", "v2.0", "www.ons.gov.uk" stay whole;
# * letters of every script are words ("إحصاءات", "Привет"); Chinese and Japanese
#   ideographs and hiragana are a word each; Thai, Lao, Khmer and Myanmar runs stay whole.
APOSTROPHES = ("'", "\u2018", "\u2019", "\u02bc", "\uff07")
_BOUNDARY = regex.compile(r"(?wV1)\b")
_WORDLIKE = regex.compile(r"[\p{L}\p{Nd}\p{Extended_Pictographic}]")
_RUN_SCRIPTS = regex.compile(r"^[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{M}]+$")
# Letters ASCII folding spells out rather than strips (NFKD leaves them alone).
_FOLD_SPECIAL = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "\u0131": "i", "ĳ": "ij", "Ĳ": "ij", "ŋ": "n", "Ŋ": "n", "ħ": "h", "Ħ": "h",
}  # fmt: skip


def _without_apostrophes(text: str) -> tuple[str, list[int] | range]:
    """The text without apostrophes, and each remaining character's offset in the original."""
    if not any(apostrophe in text for apostrophe in APOSTROPHES):
        return text, range(len(text))
    kept, offsets = [], []
    for i, char in enumerate(text):
        if char not in APOSTROPHES:
            kept.append(char)
            offsets.append(i)
    return "".join(kept), offsets


# The same word boundaries for ASCII text, several times faster: letters, digits and
# underscores, joined by a full stop or colon between letters, or a full stop, comma or
# semicolon between digits.
_ASCII_WORD = re.compile(
    r"[A-Za-z0-9_]+(?:(?:(?<=[A-Za-z])[.:](?=[A-Za-z])|(?<=[0-9])[.,;](?=[0-9]))[A-Za-z0-9_]+)*"
)


def raw_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) for each token of ``text`` as written (offsets into ``text``)."""
    if not text:
        return []
    stripped, offsets = _without_apostrophes(text)
    if stripped.isascii():
        return [
            (offsets[m.start()], offsets[m.end() - 1] + 1, m.group())
            for m in _ASCII_WORD.finditer(stripped)
            if m.group().strip("_")  # underscores alone are not a word
        ]
    return _unicode_tokens(stripped, offsets)


def _unicode_tokens(stripped: str, offsets) -> list[tuple[int, int, str]]:
    found: list[list] = []
    position = 0
    for segment in _BOUNDARY.split(stripped):
        start, position = position, position + len(segment)
        if not segment or not _WORDLIKE.search(segment):
            continue
        # Thai and its neighbours are not split into syllables.
        joins = found and found[-1][1] == start and _RUN_SCRIPTS.match(found[-1][2])
        if joins and _RUN_SCRIPTS.match(segment):
            found[-1][1], found[-1][2] = position, found[-1][2] + segment
            continue
        found.append([start, position, segment])
    return [(offsets[s], offsets[e - 1] + 1, token) for s, e, token in found]


@lru_cache(maxsize=50_000)
def normalise(token: str) -> str:
    """Lower case (code point by code point, as Lucene does), then ASCII folding of Latin
    letters: 'Café' -> 'cafe', 'straße' -> 'strasse'; other scripts keep their letters."""
    out = []
    for char in token:
        lower = char.lower()
        char = lower if len(lower) == 1 else char
        if char in _FOLD_SPECIAL:
            out.append(_FOLD_SPECIAL[char])
            continue
        if char.isascii():
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base.lower() if base and base.isascii() else char)
    return "".join(out)


def fold(text: str) -> str:
    """Lower-case, Latin letters folded to ASCII: 'Café Économie' -> 'café économie' folded to
    'cafe economie'. Punctuation is kept (use ``words`` for words)."""
    return "".join(normalise(part) for part in regex.split(r"(\s+)", text or "") if part)


def words(text: str) -> list[str]:
    """Folded words without stemming or stop-word removal."""
    return [normalise(token) for _start, _end, token in raw_tokens(text)]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    # Lucene's Porter stemmer leaves words of one or two letters alone.
    if len(word) <= 2:
        return word
    stemmer = getattr(_stemmers, "porter", None)
    if stemmer is None:
        stemmer = _stemmers.porter = snowballstemmer.stemmer("porter")
    return stemmer.stemWord(word)


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


_PLAIN = regex.compile(r"^[a-z0-9]+$")


def engine_token(term: str) -> str:
    """How a term is spelt inside SQLite FTS5 and PostgreSQL, whose own tokenisers would
    split "3.5" or drop letters they do not know: plain ASCII terms as they are, any other
    as 'u0' and the hexadecimal of its UTF-8 (a single letters-and-digits token)."""
    return term if _PLAIN.match(term) else "u0" + term.encode().hex()


def sort_key(text: str) -> str:
    """A collation-free sort key: folded words joined by single spaces."""
    return " ".join(words(text))[:200]
