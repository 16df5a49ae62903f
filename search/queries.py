"""The query builder: the only place search queries are assembled.

``SearchQuery`` is the whole state of a search (what the URL holds). ``parse_text`` turns the
typed words into clauses (synonyms applied); ``QueryBuilder`` turns a query into an
``elasticsearch.dsl`` request or into an SQLite FTS5 / PostgreSQL tsquery expression. Both say
the same thing:

* every typed word (or synonym phrase) must match some text field; a single typed word also
  matches indexed words within Elasticsearch's AUTO edit distance (first letter fixed), and,
  when the index does not know it, the terms of indexed words spelt within that distance of
  it as typed (``vocabulary.respell``: "emplyment" matches what "employment" matches);
  a synonym matches when all of its words do;
* values chosen within one facet are alternatives, facets combine with AND; choosing a
  theme includes the themes below it (documents carry their themes' ancestors);
* each facet's counts apply every other facet's choice but not its own (``post_filter``);
* a search shows one kind of result (``show``: groups unless asked otherwise), and the other
  kinds are counted with every filter, so the page can offer them as a separate choice.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from elasticsearch.dsl import A, Q, Search

from cms.cache import cached_rows
from search import vocabulary
from search.analysis import (
    _STOP,
    FUZZY_MAX_EXPANSIONS,
    FUZZY_PREFIX_LENGTH,
    engine_token,
    stem,
    words,
)
from search.documents import FACETS, KIND, TEXT_FIELDS
from search.models import Synonym

SORTS = {
    "relevance": "Most relevant",
    "name": "Name (A to Z)",
    "newest": "Newest",
    "next_meeting": "Next meeting",
}
# What a search shows: user groups unless asked otherwise; the hub's other pages (guidance,
# case studies, updates) are a separate, labelled choice. Each choice is one indexed kind.
SHOWS = {
    "groups": {"kind": "group", "label": "Groups", "nouns": ("group", "groups")},
    "pages": {
        "kind": "page",
        "label": "Guidance and updates",
        "nouns": ("page of guidance and updates", "pages of guidance and updates"),
    },
}
DEFAULT_SHOW = "groups"
PER_PAGE = 20
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's default index.max_result_window
MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 12
MAX_WORD_LENGTH = 40
MAX_VALUES_PER_FACET = 30
MAX_IGNORED_LENGTH = 60
FACET_BUCKETS = 1_000  # every bucket with results, never only the top ten
HIGHLIGHT_FIELDS = ("title", "summary")
# Private-use characters mark highlights, so text is escaped before <mark> is added.
MARK_START, MARK_END = "\ue000", "\ue001"
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


def default_sort(text: str) -> str:
    """Relevance when there are words to rank by, otherwise A to Z by name."""
    return "relevance" if text else "name"


@dataclass(frozen=True)
class SearchQuery:
    """Everything a search depends on; the URL and the API hold exactly this."""

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    show: str = DEFAULT_SHOW
    # Filter values given that the hub does not recognise, as (facet, value): the page says
    # they were ignored, the API refuses them (``search.selectors.search_query_unknown``).
    ignored: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_params(cls, params) -> "SearchQuery":
        """Build from a QueryDict or a dict of lists; anything malformed is dropped, not fatal."""

        def values(name: str) -> list[str]:
            if hasattr(params, "getlist"):
                return [str(v) for v in params.getlist(name)]
            raw = params.get(name, [])
            return [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]

        text = clean_text(" ".join(values("q")))
        filters, ignored = {}, []
        for facet in FACETS:
            chosen = []
            for value in values(facet):
                for part in value.split(","):
                    part = part.strip().lower()
                    if _VALUE.match(part):
                        if part not in chosen:
                            chosen.append(part)
                    elif clean_text(part):
                        ignored.append((facet, clean_text(part)[:MAX_IGNORED_LENGTH]))
            if chosen:
                filters[facet] = tuple(sorted(chosen[:MAX_VALUES_PER_FACET]))
        show = (values("show") or [""])[0]
        if show not in SHOWS:
            show = DEFAULT_SHOW
        sort = (values("sort") or [""])[0]
        if sort not in SORTS:
            sort = default_sort(text)
        try:
            page = int((values("page") or ["1"])[0])
        except ValueError:
            page = 1
        return cls(
            text=text,
            filters=filters,
            sort=sort,
            page=page,
            show=show,
            ignored=tuple(dict.fromkeys(ignored))[:MAX_VALUES_PER_FACET],
        ).clamped()

    def clamped(self) -> "SearchQuery":
        last_page = MAX_RESULT_WINDOW // self.per_page
        return replace(self, page=min(max(self.page, 1), last_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def kind(self) -> str:
        """The indexed kind of document this search shows."""
        return SHOWS[self.show]["kind"]

    def params(self, **changes) -> list[tuple[str, str]]:
        """URL parameters for this query with some values changed (page resets unless given)."""
        state = {"q": self.text, "sort": self.sort, "page": 1, "show": self.show, **changes}
        filters = changes.get("filters", self.filters)
        pairs = [("q", state["q"])] if state["q"] else []
        if state["show"] != DEFAULT_SHOW:
            pairs.append(("show", state["show"]))
        for facet in FACETS:
            pairs.extend((facet, value) for value in filters.get(facet, ()))
        if state["sort"] != default_sort(state["q"]):
            pairs.append(("sort", state["sort"]))
        if state["page"] > 1:
            pairs.append(("page", str(state["page"])))
        return pairs

    def url(self, **changes) -> str:
        pairs = self.params(**changes)
        return "?" + urlencode(pairs) if pairs else "?"

    def without(self, facet: str, value: str | None = None) -> "SearchQuery":
        filters = {k: v for k, v in self.filters.items() if k != facet}
        if value is not None:
            kept = tuple(v for v in self.filters.get(facet, ()) if v != value)
            if kept:
                filters[facet] = kept
        return replace(self, filters=filters, page=1)


def clean_text(text: str) -> str:
    """Typed text as shown back and logged: no control, format (bidi) or private-use
    characters, single spaces, at most 200 characters."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(" " if unicodedata.category(c) in {"Cc", "Cf", "Co", "Cs"} else c for c in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class Alternative:
    """Words that must all match; a single typed word may match fuzzily."""

    words: tuple[str, ...]
    fuzzy: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(stem(word) for word in self.words)


@dataclass(frozen=True)
class AnyTerm:
    """Indexed terms, any of which matches exactly (already analysed: not stemmed again).

    The respellings of a typed word the index does not know: the terms of indexed words spelt
    close to it ("emplyment" -> "employ", the term of "employment").
    """

    terms: tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    """One unit of the typed text: it matches when any of its alternatives does."""

    alternatives: tuple[Alternative | AnyTerm, ...]


# --- Synonyms --------------------------------------------------------------------------------
def _synonym_map_read() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    mapping = {}
    for synonym in Synonym.objects.all():
        phrase = tuple(words(synonym.term))
        if phrase:
            mapping[phrase] = [tuple(words(alt)) for alt in synonym.alternative_list()]
    return mapping


def synonym_map() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Folded phrase -> folded alternatives, from the Synonym table (cached until it changes)."""
    return cached_rows(Synonym, "map", _synonym_map_read)


def _content_words(phrase: Iterable[str]) -> tuple[str, ...]:
    return tuple(w[:MAX_WORD_LENGTH] for w in phrase if w not in _STOP)


Respeller = Callable[[str], Iterable[str]]
Knows = Callable[[str], bool]


def no_respelling(word: str) -> tuple[str, ...]:
    return ()


def knows_nothing(term: str) -> bool:
    return False


class _DatabaseVocabulary:
    """``vocabulary.snapshot()`` for one search, checked once and only if a word needs it
    (a search without text costs no query)."""

    def __init__(self):
        self._snapshot = None

    def _get(self):
        if self._snapshot is None:
            self._snapshot = vocabulary.snapshot()
        return self._snapshot

    def respell(self, word: str) -> tuple[str, ...]:
        return self._get().respell(word)

    def knows(self, term: str) -> bool:
        return self._get().knows(term)


def database_respeller() -> Respeller:
    return _DatabaseVocabulary().respell


def parse_text(
    text: str,
    *,
    synonyms: Mapping | None = None,
    respell: Respeller | None = None,
    knows: Knows | None = None,
) -> list[Clause]:
    """Typed text -> clauses, longest synonym phrase first at each position.

    A single typed word the index knows (``knows`` its term) matches exactly (stemmed): its
    fuzzy neighbours would only add noise ("energy" must not find "enquiry"). A word the
    index does not know matches fuzzily and gets the terms ``respell`` finds for it as one
    more alternative. Both default to the database's vocabulary, so both backends decide
    alike.
    """
    synonyms = synonym_map() if synonyms is None else synonyms
    if respell is None:
        database = _DatabaseVocabulary()
        respell, knows = database.respell, knows or database.knows
    elif knows is None:
        knows = knows_nothing
    longest = max((len(p) for p in synonyms), default=1)
    typed = words(text)
    clauses, seen, i = [], set(), 0
    while i < len(typed) and len(clauses) < MAX_CLAUSES:
        for size in range(min(longest, len(typed) - i), 0, -1):
            phrase = tuple(typed[i : i + size])
            if phrase in synonyms:
                break
        else:
            size, phrase = 1, (typed[i],)
        i += size
        own = _content_words(phrase)
        alternatives = []
        if own:
            single = len(own) == 1
            fuzzy = single and not knows(stem(own[0]))
            alternatives.append(Alternative(own, fuzzy=fuzzy))
            respelt = tuple(respell(own[0])) if fuzzy else ()
            if respelt:
                alternatives.append(AnyTerm(respelt))
        for alt in synonyms.get(phrase, []):
            content = _content_words(alt)
            if content and Alternative(content) not in alternatives:
                alternatives.append(Alternative(content))
        clause = Clause(tuple(alternatives))
        if alternatives and clause not in seen:
            seen.add(clause)
            clauses.append(clause)
    return clauses


# --- The builder -----------------------------------------------------------------------------
Expander = Callable[[str], Iterable[str]]


class QueryBuilder:
    """Builds the one request a search needs, for either backend."""

    def __init__(
        self,
        query: SearchQuery,
        *,
        synonyms: Mapping | None = None,
        respell: Respeller | None = None,
        knows: Knows | None = None,
    ):
        self.query = query
        self.clauses = parse_text(query.text, synonyms=synonyms, respell=respell, knows=knows)

    @property
    def has_text(self) -> bool:
        return bool(self.clauses)

    # Elasticsearch
    def _es_word(self, word: str, *, fuzzy: bool):
        """One word against every text field: a dis_max of per-field matches.

        (The same as ``multi_match`` best_fields; spelt out because noida-db does not
        highlight fuzzy ``multi_match`` hits.)
        """
        options = {}
        if fuzzy:
            options = {
                "fuzziness": "AUTO",
                "prefix_length": FUZZY_PREFIX_LENGTH,
                "max_expansions": FUZZY_MAX_EXPANSIONS,
            }
        return Q(
            "dis_max",
            queries=[
                Q("match", **{name: {"query": word, "boost": boost, **options}})
                for name, boost in TEXT_FIELDS.items()
            ],
        )

    def _es_alternative(self, alternative: Alternative | AnyTerm):
        if isinstance(alternative, AnyTerm):
            # Exact indexed terms: ``terms`` queries, which do not analyse (stem) them again.
            return Q(
                "dis_max",
                queries=[
                    Q("terms", **{name: list(alternative.terms), "boost": boost})
                    for name, boost in TEXT_FIELDS.items()
                ],
            )
        parts = [self._es_word(w, fuzzy=alternative.fuzzy) for w in alternative.words]
        return parts[0] if len(parts) == 1 else Q("bool", must=parts)

    def es_text_query(self):
        if not self.clauses:
            return Q("match_all")
        must = []
        for clause in self.clauses:
            alts = [self._es_alternative(alt) for alt in clause.alternatives]
            must.append(
                alts[0] if len(alts) == 1 else Q("bool", should=alts, minimum_should_match=1)
            )
        return Q("bool", must=must)

    def es_filters(self) -> dict:
        """Each facet's filter, and the kind shown (counted like a facet: its own counts
        apply every facet's choice, and every facet's counts apply it)."""
        filters = {
            facet: Q("terms", **{facet: list(values)})
            for facet, values in self.query.filters.items()
        }
        filters[KIND] = Q("term", **{KIND: self.query.kind})
        return filters

    def _es_sort_name(self) -> str:
        return self.query.sort if (self.query.sort != "relevance" or self.has_text) else "name"

    def es_sort(self) -> list:
        tie = [{"name_sort": {"order": "asc"}}, {"key": {"order": "asc"}}]
        return {
            "relevance": ["_score", *tie],
            "name": tie,
            "newest": [{"date": {"order": "desc", "missing": "_last"}}, {"key": {"order": "asc"}}],
            # The score is the meeting's nearness, and nothing for one already past: see
            # es_next_meeting_query.
            "next_meeting": [{"_score": {"order": "desc"}}, *tie],
        }[self._es_sort_name()]

    def es_next_meeting_query(self, text):
        """Sort by next meeting, decided when the search runs, as the embedded backend does:
        the soonest upcoming meeting first, and a meeting already past (whatever the index
        still holds, until the refresh moves it on) sorts like no meeting, by name.

        Elasticsearch cannot sort on a condition without scripts (which not every
        wire-compatible server runs), so the score carries it: the text only filters, and a
        meeting after ``now`` scores by an exponential decay from ``now`` (nearer is higher,
        always above 0); anything else scores 0. Two meetings closer together than the float
        score can tell apart (about 15 seconds) fall back to the name.
        """
        upcoming = Q(
            "function_score",
            query=Q("range", next_meeting={"gt": "now"}),
            functions=[
                {"exp": {"next_meeting": {"origin": "now", "scale": "1825d", "decay": 0.5}}}
            ],
            boost_mode="replace",
        )
        return Q("bool", filter=[text], should=[upcoming])

    def es_search(self, search: Search, *, facets: bool = True, highlight: bool = True) -> Search:
        """The whole request: query, post_filter, one aggregation per facet, sort, page."""
        text = self.es_text_query()
        by_next_meeting = self._es_sort_name() == "next_meeting"
        search = search.query(self.es_next_meeting_query(text) if by_next_meeting else text)
        filters = self.es_filters()
        search = search.post_filter(Q("bool", filter=list(filters.values())))
        if facets:
            for facet in (*FACETS, KIND):
                others = [flt for name, flt in filters.items() if name != facet]
                agg = A("filter", Q("bool", filter=others) if others else Q("match_all"))
                agg.bucket("values", "terms", field=facet, size=FACET_BUCKETS, min_doc_count=1)
                search.aggs.bucket(f"facet_{facet}", agg)
        if highlight and self.clauses:
            # The words typed, whatever the sort wraps them in.
            search = search.highlight(*HIGHLIGHT_FIELDS, number_of_fragments=0).highlight_options(
                pre_tags=[MARK_START], post_tags=[MARK_END], highlight_query=text.to_dict()
            )
        start = self.query.offset
        search = search.sort(*self.es_sort()).extra(track_total_hits=True)
        return search[start : start + self.query.per_page]

    def es_suggest(self, search: Search, *, prefix: str, size: int) -> Search | None:
        typed = words(prefix)
        if not typed:
            return None
        return (
            search.query(Q("match_bool_prefix", title=" ".join(typed)))
            .filter("term", kind="group")
            .source(["title", "url"])
            .sort("_score", {"name_sort": {"order": "asc"}})[:size]
        )

    # Embedded (SQLite FTS5 / PostgreSQL tsquery)
    def _terms(self, alternative: Alternative | AnyTerm, expand: Expander) -> list[list[str]]:
        """For each word: the indexed terms it may match."""
        if isinstance(alternative, AnyTerm):
            return [sorted(alternative.terms)]
        result = []
        for term in alternative.terms:
            if alternative.fuzzy:
                result.append(sorted({term, *expand(term)}))
            else:
                result.append([term])
        return result

    def term_clauses(self, expand: Expander) -> list[list[tuple[list[list[str]], bool]]]:
        """The match the FTS5 and tsquery expressions say, as data for the in-memory index
        (search/backends/terms.py): per clause its alternatives, each as (per word the
        engine tokens it may match, whether it matches fuzzily or by respelling)."""
        return [
            [
                (
                    [[engine_token(t) for t in options] for options in self._terms(alt, expand)],
                    isinstance(alt, AnyTerm) or alt.fuzzy,
                )
                for alt in clause.alternatives
            ]
            for clause in self.clauses
        ]

    def matched_terms(self, expand: Expander) -> set[str]:
        """Every indexed term the text can match (what gets highlighted)."""
        found = set()
        for clause in self.clauses:
            for alternative in clause.alternatives:
                for options in self._terms(alternative, expand):
                    found.update(options)
        return found

    def _expression(self, expand: Expander, *, quote, any_, all_) -> str:
        clauses = []
        for clause in self.clauses:
            alts = []
            for alternative in clause.alternatives:
                per_word = [
                    any_([quote(t) for t in options])
                    for options in self._terms(alternative, expand)
                ]
                alts.append(all_(per_word))
            clauses.append(any_(alts))
        return all_(clauses)

    def fts5_match(self, expand: Expander) -> str:
        """An FTS5 MATCH expression, or '' for no text."""
        if not self.clauses:
            return ""
        return self._expression(
            expand,
            quote=lambda t: '"' + engine_token(t).replace('"', '""') + '"',
            any_=lambda parts: parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")",
            all_=lambda parts: parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")",
        )

    def tsquery(self, expand: Expander) -> str:
        """A to_tsquery('simple', ...) expression, or '' for no text."""
        if not self.clauses:
            return ""
        return self._expression(
            expand,
            quote=lambda t: "'" + engine_token(t).replace("'", "") + "'",
            any_=lambda parts: parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")",
            all_=lambda parts: parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")",
        )
