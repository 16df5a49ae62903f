"""JSON endpoints of this app, mounted under /api/ by cms/api.py: /api/search and
/api/search/suggest. The same search as the page, facets included."""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from cms.api_schemas import Message
from search.queries import SearchQuery
from search.selectors import search_query_unknown, search_run, search_suggest

router = Router()

SortName = Literal["relevance", "name", "newest", "next_meeting"]
ShowName = Literal["groups", "pages"]


class SearchParams(Schema):
    q: str = Field("", description="Words to search for. Misspellings and synonyms are allowed.")
    theme: list[str] = Field([], description="Theme slugs; a theme includes the themes below it.")
    organisation: list[str] = Field(
        [], description="Organisation slugs (producing or administering)."
    )
    membership: list[str] = Field([], description="open, request or invitation.")
    format: list[str] = Field([], description="online, in_person or hybrid.")
    region: list[str] = Field([], description="Nation or region slugs.")
    audience: list[str] = Field([], description="Audience slugs.")
    sort: SortName | None = Field(
        None, description="Defaults to relevance with words, to name without."
    )
    page: int = Field(1, ge=1, le=500, description="Page number, 20 results a page.")
    show: ShowName = Field(
        "groups",
        description="What to list: user groups (the default), or the hub's other pages "
        "(guidance, case studies, updates). 'shows' counts both for the same words and filters.",
    )


class FacetValueOut(Schema):
    value: str = Field(..., description="Pass this back as the facet's parameter.")
    label: str
    count: int = Field(..., description="Results if this value were chosen (within this facet, "
                                           "values are alternatives).")  # fmt: skip
    selected: bool
    depth: int = Field(0, description="Depth in the theme tree (themes only).")


class FacetOut(Schema):
    name: Literal["theme", "organisation", "membership", "format", "region", "audience"]
    label: str
    values: list[FacetValueOut]


class ShowOut(Schema):
    value: ShowName = Field(..., description="Pass this back as the show parameter.")
    label: str
    count: int = Field(..., description="Results of this kind for the same words and filters.")
    selected: bool


class ResultOut(Schema):
    kind: str = Field(..., description="group or page")
    kind_label: str
    title: str
    summary: str
    url: str
    title_html: str = Field(..., description="Title, HTML-escaped, matches in <mark>.")
    summary_html: str = Field(..., description="Summary, HTML-escaped, matches in <mark>.")
    date: datetime | None = None
    next_meeting: datetime | None = None


class RelatedThemeOut(Schema):
    slug: str
    name: str
    url: str


class DidYouMeanOut(Schema):
    text: str = Field(..., description="The words typed, with misspelt ones respelt.")
    url: str = Field(..., description="The search page for those words, filters kept.")


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    page_count: int
    sort: SortName
    show: ShowName
    shows: list[ShowOut] = Field(
        [], description="Each kind of result with its count; the one listed is selected."
    )
    results: list[ResultOut]
    facets: list[FacetOut]
    related_themes: list[RelatedThemeOut] = Field(
        [], description="With no results: themes related to the words or filters."
    )
    could_not_search: bool = Field(
        False,
        description="True when q held no word to search for (only punctuation or words such "
        "as 'the'): the results are then every group (or page, with show=pages), sorted by "
        "name.",
    )
    did_you_mean: DidYouMeanOut | None = Field(
        None, description="A respelling of q from the words the index holds, if one differs."
    )


class SuggestionOut(Schema):
    label: str
    url: str
    kind: Literal["theme", "group"]


class SuggestionsOut(Schema):
    suggestions: list[SuggestionOut]


@router.get(
    "/search",
    response={200: SearchOut, 400: Message},
    summary="Search groups (or the hub's other pages) with facets",
)
def search(request, params: Query[SearchParams]):
    """Every facet's counts use every other chosen filter but not its own, so a client can
    offer to widen a choice. Facets list every value that has results. A filter value the
    hub does not recognise is an error (400), never silently dropped."""
    query = SearchQuery.from_params(request.GET)
    _known, unknown = search_query_unknown(query=query)
    if unknown:
        named = ", ".join(
            f"{item['label'].lower()} \u2018{item['value']}\u2019" for item in unknown
        )
        detail = (
            f"We do not recognise the filter {named}. Use the values the facets of a search "
            "list, or leave the filter out."
        )
        return Status(400, {"detail": detail})
    page = search_run(query=query, source="api")
    return {
        "query": query.text,
        "total": page.total,
        "page": query.page,
        "per_page": query.per_page,
        "page_count": page.page_count,
        "sort": query.sort,
        "show": query.show,
        "shows": [
            {"value": s.value, "label": s.label, "count": s.count, "selected": s.selected}
            for s in page.shows
        ],
        "results": [
            {
                **item.__dict__,
                "title_html": str(item.title_html),
                "summary_html": str(item.summary_html),
            }
            for item in page.items
        ],
        "facets": [
            {
                "name": facet.name,
                "label": facet.label,
                "values": [option.__dict__ for option in facet.options],
            }
            for facet in page.facets
        ],
        "related_themes": page.related_themes,
        "could_not_search": bool(page.unsearchable_text),
        "did_you_mean": page.did_you_mean,
    }


@router.get("/search/suggest", response=SuggestionsOut, summary="Suggestions as the user types")
def suggest(request, q: str = ""):
    return {"suggestions": search_suggest(prefix=q[:100])}
