"""Reads of the search app: run a search and shape it for a page or the API."""

import logging
import time
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString

from cms.editorial.models import Organisation
from intake.models import Audience, UserGroup
from intake.selectors import group_confirmation_notices
from search import vocabulary
from search.analysis import _STOP, analyse, words
from search.backends import get_backend
from search.backends.base import SearchResults
from search.documents import FACETS, KIND, region_tree
from search.highlight import render
from search.queries import SHOWS, QueryBuilder, SearchQuery, synonym_map
from search.services import query_log_record
from themes.models import Theme
from themes.selectors import theme_tree_walk

logger = logging.getLogger("search")

FACET_LABELS = {
    "theme": "Theme",
    "organisation": "Organisation",
    "membership": "Membership",
    "format": "Format",
    "region": "Nation or region",
    "audience": "Audience",
}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]

    @property
    def selected_count(self) -> int:
        return sum(1 for option in self.options if option.selected)


@dataclass
class ResultItem:
    kind: str
    kind_label: str
    title: str
    summary: str
    url: str
    title_html: SafeString
    summary_html: SafeString
    date: datetime | None
    next_meeting: datetime | None
    # A warning shown with the result, such as a group listing not confirmed in time.
    notice: str = ""


@dataclass
class ShowOption:
    """One kind of result the page can show, with how many match the words and filters."""

    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class SearchPage:
    query: SearchQuery
    total: int
    items: list[ResultItem]
    facets: list[Facet]
    page_count: int
    selected: list[dict] = field(default_factory=list)
    related_themes: list[dict] = field(default_factory=list)
    # The typed text when it holds no word to search for (only punctuation or words such
    # as "the"): the page then says so and shows everything of the kind asked for instead.
    unsearchable_text: str = ""
    # Filters given that the hub does not recognise: [{facet, value}], ignored.
    ignored_filters: list[dict] = field(default_factory=list)
    # A respelling of the typed text from the index's own words: {text, url}, or None.
    did_you_mean: dict | None = None
    # The kinds of result (groups; guidance and updates), the shown one selected.
    shows: list[ShowOption] = field(default_factory=list)

    @property
    def shown_nouns(self) -> str:
        """What is shown, in the plural: 'groups'."""
        return SHOWS[self.query.show]["nouns"][1]

    @property
    def count_text(self) -> str:
        """How many results, in the words of what is shown: '12 groups'."""
        one, many = SHOWS[self.query.show]["nouns"]
        return f"{self.total:,} {one if self.total == 1 else many}"

    @property
    def other_shows(self) -> list[ShowOption]:
        """The kinds not shown that have results (offered when the shown one has none)."""
        return [show for show in self.shows if not show.selected and show.count]


_LABELS_CACHE_KEY = "search:facet-labels:v1"


def _upcoming(value: str | None) -> datetime | None:
    """The indexed next meeting, unless it has already passed (never shown as upcoming)."""
    moment = parse_datetime(value) if value else None
    return moment if moment and moment > timezone.now() else None


def facet_labels() -> dict[str, list[tuple[str, str, int]]]:
    """Per facet: (value, label, depth) in display order. Cached briefly."""
    labels = cache.get(_LABELS_CACHE_KEY)
    if labels is not None:
        return labels

    labels = {
        "theme": [(theme.slug, theme.name, depth) for theme, depth, _ in theme_tree_walk()],
        "organisation": [
            (org.slug, (org.abbreviation and f"{org.name} ({org.abbreviation})") or org.name, 0)
            for org in Organisation.objects.order_by("name")
        ],
        "membership": [(value, label, 0) for value, label in UserGroup.Membership.choices],
        "format": [(value, label, 0) for value, label in UserGroup.Format.choices],
        "region": region_tree(),
        "audience": [(a.slug, a.name, 0) for a in Audience.objects.all()],
    }
    cache.set(_LABELS_CACHE_KEY, labels, 60)
    return labels


def _facets(results: SearchResults) -> list[Facet]:
    labels = facet_labels()
    facets = []
    for name in FACETS:
        counts = results.facets.get(name, {})
        chosen = set(results.query.filters.get(name, ()))
        options = [
            FacetOption(value, label, counts.get(value, 0), value in chosen, depth)
            for value, label, depth in labels[name]
            if counts.get(value) or value in chosen
        ]
        known = {option.value for option in options}
        options += [FacetOption(v, v, counts.get(v, 0), True) for v in sorted(chosen - known)]
        facets.append(Facet(name, FACET_LABELS[name], options))
    return facets


def _related_themes(query: SearchQuery) -> list[dict]:
    """Themes whose names match the words typed (or their synonyms), and the chosen themes'
    parents, for the no-results page."""
    terms = set()
    if query.text:
        known = vocabulary.snapshot()
        builder = QueryBuilder(query, respell=known.respell, knows=known.knows)
        terms = builder.matched_terms(known.expand)
    chosen = set(query.filters.get("theme", ()))
    related = []
    for theme in Theme.objects.select_related("parent").order_by("sort_order", "name"):
        if theme.slug in chosen and theme.parent_id:
            related.append(theme.parent)
        elif terms & set(analyse(theme.name)):
            related.append(theme)
    seen, unique = set(), []
    for theme in related:
        if theme.slug not in seen:
            seen.add(theme.slug)
            unique.append({"slug": theme.slug, "name": theme.name, "url": theme.get_absolute_url()})
    return unique[:8]


def search_query_unknown(*, query: SearchQuery) -> tuple[SearchQuery, list[dict]]:
    """The query without filter values the hub does not recognise, and those values
    ([{facet, label, value}]): malformed ones and well-formed ones that name nothing."""
    labels = facet_labels()
    unknown = list(query.ignored)
    filters = {}
    for facet, values in query.filters.items():
        known = {value for value, _label, _depth in labels.get(facet, [])}
        kept = tuple(value for value in values if value in known)
        unknown.extend((facet, value) for value in values if value not in known)
        if kept:
            filters[facet] = kept
    ignored = [{"facet": f, "label": FACET_LABELS[f], "value": v} for f, v in unknown]
    return replace(query, filters=filters, ignored=()), ignored


def search_did_you_mean(*, query: SearchQuery) -> dict | None:
    """The typed words with each one the index does not know replaced by the closest word
    it does know ({text, url}), or None when nothing would change. From the index's own
    words, so it is the same whichever backend answers."""
    typed = words(query.text)
    if not typed:
        return None
    known = vocabulary.snapshot()
    synonyms = synonym_map()
    corrected, changed = [], False
    for word in typed:
        better = ""
        if word not in _STOP and (word,) not in synonyms:
            better = known.closest_word(word)
        corrected.append(better or word)
        changed = changed or bool(better)
    if not changed:
        return None
    text = " ".join(corrected)
    return {"text": text, "url": replace(query, text=text).url()}


def search_run(*, query: SearchQuery, source: str = "web") -> SearchPage:
    """Run one search, log it (without personal data) and shape it for display.

    Unknown filter values are left out (and listed); text with no word to search for is
    dropped, and everything of the kind shown is listed, sorted by name, with the page saying so.
    """
    started = time.perf_counter()
    query, ignored = search_query_unknown(query=query)
    asked = query
    unsearchable = ""
    if query.text and not QueryBuilder(query, respell=_no_words_needed).has_text:
        unsearchable = query.text
        query = replace(query, text="", sort="name" if query.sort == "relevance" else query.sort)
    results = get_backend().search(query)
    duration_ms = (time.perf_counter() - started) * 1000
    try:
        logged = replace(results, query=asked)  # the text as typed, even when unsearchable
        query_log_record(results=logged, duration_ms=duration_ms, source=source)
    except DatabaseError:  # logging must never cost a user their results
        logger.exception("search log write failed")
    items = [
        ResultItem(
            kind=hit.kind,
            kind_label=hit.kind_label,
            title=hit.title,
            summary=hit.summary,
            url=hit.url,
            title_html=render(hit.highlights.get("title") or hit.title),
            summary_html=render(hit.highlights.get("summary") or hit.summary),
            date=parse_datetime(hit.date) if hit.date else None,
            next_meeting=_upcoming(hit.next_meeting),
        )
        for hit in results.hits
    ]
    _add_notices(items, results.hits)
    facets = _facets(results)
    selected = [
        {
            "facet": facet.label,
            "label": option.label,
            "remove_url": asked.without(facet.name, option.value).url(),
        }
        for facet in facets
        for option in facet.options
        if option.selected
    ]
    kinds = results.facets.get(KIND, {})
    shows = [
        ShowOption(
            value=value,
            label=show["label"],
            count=kinds.get(show["kind"], 0),
            selected=value == asked.show,
            url=asked.url(show=value),
        )
        for value, show in SHOWS.items()
    ]
    return SearchPage(
        query=asked,
        total=results.total,
        items=items,
        facets=facets,
        page_count=results.page_count,
        selected=selected,
        related_themes=_related_themes(query) if results.total == 0 else [],
        unsearchable_text=unsearchable,
        ignored_filters=ignored,
        did_you_mean=search_did_you_mean(query=asked) if query.text else None,
        shows=shows,
    )


def _add_notices(items: list[ResultItem], hits) -> None:
    """Say which group results are not confirmed in time (read from the database, so the flag
    shows as soon as the cycle sets it, without reindexing)."""
    group_ids = {hit.object_id: index for index, hit in enumerate(hits) if hit.kind == "group"}
    for group_id, notice in group_confirmation_notices(group_ids=group_ids).items():
        items[group_ids[group_id]].notice = notice


def _no_words_needed(word: str) -> tuple[str, ...]:
    # Whether text has words to search for needs no vocabulary: respellings only add.
    return ()


def search_suggest(*, prefix: str, size: int = 8) -> list[dict]:
    """Themes and group names for the search box as the user types."""
    typed = " ".join(words(prefix))
    if len(typed) < 2:
        return []
    suggestions = []
    for theme in Theme.objects.filter(name__icontains=typed).order_by("name")[:3]:
        suggestions.append({"label": theme.name, "url": theme.get_absolute_url(), "kind": "theme"})
    for hit in get_backend().suggest(typed, size=size - len(suggestions)):
        suggestions.append({"label": hit["title"], "url": hit["url"], "kind": "group"})
    return suggestions[:size]
