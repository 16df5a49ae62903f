"""The search page. Parses the URL, calls one selector, renders."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from cms.pagination import page_links
from search.queries import SORTS, SearchQuery
from search.selectors import search_run


@require_GET
def search_page(request):
    """Find groups and pages by words and filters; the URL holds the whole state."""
    query = SearchQuery.from_params(request.GET)
    result = search_run(query=query, source="web")
    query = result.query  # unknown filter values left out (the page lists them)
    context = {
        "query": query,
        "result": result,
        "search_query": query.text,
        "hide_site_search": True,  # the page has its own, bigger search box
        "sorts": [
            {"value": v, "label": label, "selected": v == query.sort} for v, label in SORTS.items()
        ],
        "pagination": page_links(
            number=query.page,
            page_count=result.page_count,
            url_for=lambda number: query.url(page=number),
        ),
        "first": query.offset + 1,
        "last": query.offset + len(result.items),
        "clear_url": query.url(filters={}),
    }
    return render(request, "search/search.html", context)
