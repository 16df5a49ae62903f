"""What the index holds: one Elasticsearch document shape for groups and pages.

``GroupDocument`` and ``PageDocument`` fill it with ``prepare_<field>`` methods. The embedded
backend stores the very same prepared dictionaries, so both backends index identical data.
"""

import hashlib
import json
from datetime import UTC, datetime, time
from typing import Any, ClassVar

from django.conf import settings
from django.urls import NoReverseMatch

from elasticsearch.dsl import (
    Date,
    Document,
    Keyword,
    Long,
    Text,
    analyzer,
    char_filter,
    token_filter,
)

from cms.cache import cached_rows
from intake.listing import sent_value
from intake.models import Region
from search.analysis import APOSTROPHES, STOP_WORDS, sort_key
from themes.models import Theme
from themes.selectors import theme_ancestor_ids

FACETS = ("theme", "organisation", "membership", "format", "region", "audience")
# The field saying what a document is (a group or a page): searches show one kind at a time
# and count the others, as they count a facet's values.
KIND = "kind"
# Fields a typed word may match, with their weights (title first).
TEXT_FIELDS = {
    "title": 3.0,
    "summary": 2.0,
    "themes_text": 2.0,
    "organisations_text": 1.5,
    "body": 1.0,
}

hub_text = analyzer(
    "hub_text",
    # Apostrophes go before the tokenizer sees them, as in search/analysis.py.
    char_filter=[
        char_filter("hub_apostrophes", "mapping", mappings=[f"{a} => " for a in APOSTROPHES])
    ],
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("hub_stop", "stop", stopwords=STOP_WORDS),
        token_filter("hub_stem", "stemmer", language="english"),
    ],
)


def index_alias() -> str:
    """The alias every search and index write goes through, e.g. 'production-hub-search'."""
    return f"{settings.SEARCH_INDEX_PREFIX}-hub-search"


def content_hash(data: dict) -> str:
    canonical = json.dumps(
        {k: v for k, v in data.items() if k != "content_hash"}, sort_keys=True, default=str
    )
    return hashlib.sha1(canonical.encode(), usedforsecurity=False).hexdigest()


class HubDocument(Document):
    """The mapping: ``title.raw`` and ``name_sort`` sort; facets are keyword fields."""

    key = Keyword()
    kind = Keyword()
    kind_label = Keyword(index=False)
    object_id = Long()
    title = Text(analyzer=hub_text, fields={"raw": Keyword()})
    summary = Text(analyzer=hub_text)
    body = Text(analyzer=hub_text)
    themes_text = Text(analyzer=hub_text)
    organisations_text = Text(analyzer=hub_text)
    url = Keyword(index=False)
    name_sort = Keyword()
    date = Date()
    next_meeting = Date()
    theme = Keyword(multi=True)
    organisation = Keyword(multi=True)
    membership = Keyword(multi=True)
    format = Keyword(multi=True)
    region = Keyword(multi=True)
    audience = Keyword(multi=True)
    content_hash = Keyword()

    kind_name: ClassVar[str] = ""
    prepared_fields: ClassVar[tuple[str, ...]] = (
        "key", "kind", "kind_label", "object_id", "title", "summary", "body", "themes_text",
        "organisations_text", "url", "name_sort", "date", "next_meeting", *FACETS,
    )  # fmt: skip

    @classmethod
    def prepare(cls, instance) -> dict[str, Any]:
        """The document for one object as a plain dict (shared by both backends)."""
        instance.__dict__.pop("_search_prepare_memo", None)
        data = {name: getattr(cls, f"prepare_{name}")(instance) for name in cls.prepared_fields}
        data["content_hash"] = content_hash(data)
        instance.__dict__.pop("_search_prepare_memo", None)
        return data

    @classmethod
    def prepare_key(cls, instance) -> str:
        return f"{cls.kind_name}:{instance.pk}"

    @classmethod
    def prepare_kind(cls, instance) -> str:
        return cls.kind_name

    @classmethod
    def prepare_object_id(cls, instance) -> int:
        return instance.pk

    @classmethod
    def prepare_name_sort(cls, instance) -> str:
        return sort_key(cls.prepare_title(instance))

    # Facets a page does not have are empty lists.
    @classmethod
    def prepare_organisation(cls, instance) -> list[str]:
        return []

    @classmethod
    def prepare_membership(cls, instance) -> list[str]:
        return []

    @classmethod
    def prepare_format(cls, instance) -> list[str]:
        return []

    @classmethod
    def prepare_region(cls, instance) -> list[str]:
        return []

    @classmethod
    def prepare_audience(cls, instance) -> list[str]:
        return []

    @classmethod
    def prepare_next_meeting(cls, instance):
        return None

    @classmethod
    def prepare_organisations_text(cls, instance) -> str:
        return ""


def _theme_lookup() -> dict[int, tuple[str, str]]:
    """Every theme's (slug, name) by id: the tree is small, and preparing a document must
    not cost a query per group."""
    return cached_rows(
        Theme,
        "slugs-and-names",
        lambda: {
            pk: (slug, name) for pk, slug, name in Theme.objects.values_list("pk", "slug", "name")
        },
    )


class _ThemeRef:
    __slots__ = ("name", "pk", "slug")

    def __init__(self, pk, slug, name):
        self.pk, self.slug, self.name = pk, slug, name


def _themes_with_ancestors(themes) -> list:
    """The themes and every theme above them, so a parent theme includes its children."""
    ids = theme_ancestor_ids(theme_ids=[t.pk for t in themes])
    lookup = _theme_lookup()
    return [_ThemeRef(pk, *lookup[pk]) for pk in sorted(ids) if pk in lookup]


def _region_tree_read() -> list[tuple[str, str, int]]:
    regions = list(Region.objects.values_list("pk", "slug", "name", "parent_id"))
    known = {pk for pk, _slug, _name, _parent in regions}
    children: dict = {}
    for pk, slug, name, parent in regions:  # already in sort order
        children.setdefault(parent if parent in known else None, []).append((pk, slug, name))
    tree = []

    def walk(parent, depth, seen):
        for pk, slug, name in children.get(parent, []):
            if pk not in seen:  # a loop in the data must not hang a search
                tree.append((slug, name, depth))
                walk(pk, depth + 1, seen | {pk})

    walk(None, 0, frozenset())
    return tree


def region_tree() -> list[tuple[str, str, int]]:
    """Every place as (slug, name, depth), each followed by the places within it (the
    United Kingdom, England and its regions, Scotland, ...). Cached until a place changes."""
    return cached_rows(Region, "tree", _region_tree_read)


def regions_within(slugs) -> list[str]:
    """The places and every place within them: a group covering the United Kingdom serves
    Wales, so choosing Wales finds it (inclusion from above)."""
    chosen = set(slugs)
    found, inside = set(chosen), None
    for slug, _name, depth in region_tree():
        if inside is not None and depth <= inside:
            inside = None
        if inside is not None:
            found.add(slug)
        elif slug in chosen:
            inside = depth
    return sorted(found)


def _memo(instance, name: str, load):
    """Compute a relation once per object while its document is prepared."""
    memo = instance.__dict__.setdefault("_search_prepare_memo", {})
    if name not in memo:
        memo[name] = load()
    return memo[name]


def _iso(value) -> str | None:
    """UTC ISO 8601, so both backends store and compare the same instant."""
    if not value:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


# Which of a listing's fields (``intake.listing``) fill each part of its document. Values are
# read as the form and the API send them (``sent_value``: choices by value, records by slug), so
# a facet holds what a filter link sends.
GROUP_TEXT = {"title": ("name",), "summary": ("summary",), "body": ("description", "how_to_join")}
GROUP_FACETS = {"membership": "membership", "format": "format", "audience": "audiences"}


def _group_text(group, part: str) -> str:
    return "\n".join(value for field in GROUP_TEXT[part] if (value := sent_value(group, field)))


def _group_facet(group, facet: str) -> list[str]:
    value = sent_value(group, GROUP_FACETS[facet])
    return sorted(value) if isinstance(value, list) else [value] if value else []


class GroupDocument(HubDocument):
    kind_name = "group"

    @classmethod
    def prepare_kind_label(cls, group) -> str:
        return "User group"

    @classmethod
    def prepare_title(cls, group) -> str:
        return _group_text(group, "title")

    @classmethod
    def prepare_summary(cls, group) -> str:
        return _group_text(group, "summary")

    @classmethod
    def prepare_body(cls, group) -> str:
        return _group_text(group, "body")

    @classmethod
    def _themes(cls, group) -> list:
        return _memo(group, "themes", lambda: _themes_with_ancestors(group.themes.all()))

    @classmethod
    def prepare_themes_text(cls, group) -> str:
        return ". ".join(theme.name for theme in cls._themes(group))

    @classmethod
    def prepare_theme(cls, group) -> list[str]:
        return sorted(theme.slug for theme in cls._themes(group))

    @classmethod
    def _organisations(cls, group) -> list:
        def load():
            organisations = {org.pk: org for org in group.producing_organisations.all()}
            if group.administering_body_id:
                organisations[group.administering_body_id] = group.administering_body
            return sorted(organisations.values(), key=lambda org: org.pk)

        return _memo(group, "organisations", load)

    @classmethod
    def prepare_organisations_text(cls, group) -> str:
        return ". ".join(
            f"{org.name} {org.abbreviation}".strip() for org in cls._organisations(group)
        )

    @classmethod
    def prepare_organisation(cls, group) -> list[str]:
        return sorted(org.slug for org in cls._organisations(group))

    @classmethod
    def prepare_url(cls, group) -> str:
        try:
            return group.get_absolute_url()
        except NoReverseMatch:
            return f"/groups/{group.slug}/"

    @classmethod
    def prepare_date(cls, group) -> str | None:
        return _iso(group.created_at)

    @classmethod
    def prepare_next_meeting(cls, group) -> str | None:
        return _iso(group.next_meeting)

    @classmethod
    def prepare_membership(cls, group) -> list[str]:
        return _group_facet(group, "membership")

    @classmethod
    def prepare_format(cls, group) -> list[str]:
        return _group_facet(group, "format")

    @classmethod
    def prepare_region(cls, group) -> list[str]:
        # A place counts for every larger place it lies within, as a filter reads it.
        return regions_within(sent_value(group, "regions"))

    @classmethod
    def prepare_audience(cls, group) -> list[str]:
        return _group_facet(group, "audience")


def _call(page, name: str, default=None):
    """Call a page's optional search_* method (the page types grow them over time)."""
    method = getattr(page, name, None)
    if not callable(method):
        return default
    value = method()
    return default if value is None else value


class PageDocument(HubDocument):
    kind_name = "page"

    @classmethod
    def prepare_kind_label(cls, page) -> str:
        # People's words for the kind of page ("Guidance", "Case study"), not the model's name.
        return str(getattr(page, "search_kind_label", "") or page._meta.verbose_name).capitalize()

    @classmethod
    def prepare_title(cls, page) -> str:
        return page.title

    @classmethod
    def prepare_summary(cls, page) -> str:
        return str(_call(page, "search_summary", "") or page.search_description or "")

    @classmethod
    def prepare_body(cls, page) -> str:
        return str(_call(page, "search_body", ""))

    @classmethod
    def _themes(cls, page) -> list:
        def load():
            ids = [int(pk) for pk in (_call(page, "search_theme_ids", []) or [])]
            return _themes_with_ancestors([_ThemeRef(pk, "", "") for pk in ids]) if ids else []

        return _memo(page, "themes", load)

    @classmethod
    def prepare_themes_text(cls, page) -> str:
        return ". ".join(theme.name for theme in cls._themes(page))

    @classmethod
    def prepare_theme(cls, page) -> list[str]:
        return sorted(theme.slug for theme in cls._themes(page))

    @classmethod
    def prepare_url(cls, page) -> str:
        return page.get_url() or page.url_path

    @classmethod
    def prepare_date(cls, page) -> str | None:
        value = _call(page, "search_date") or page.first_published_at
        return _iso(value)
