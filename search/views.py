"""The search page. Parses the URL, calls one selector, renders."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.queries import SORTS, SearchQuery
from search.selectors import search_run


def _page_links(page: int, page_count: int) -> list[int | None]:
    """Numbered pages around the current one, with None for a gap ('…')."""
    wanted = {1, page_count, page - 1, page, page + 1}
    numbers = sorted(n for n in wanted if 1 <= n <= page_count)
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links


@require_GET
def search_page(request):
    """Find groups and pages by words and filters; the URL holds the whole state."""
    query = SearchQuery.from_params(request.GET)
    result = search_run(query=query, source="web")
    query = result.query  # unknown filter values left out (the page lists them)
    pages = [
        {"number": n, "url": query.url(page=n), "current": n == query.page} if n else None
        for n in _page_links(query.page, result.page_count)
    ]
    context = {
        "query": query,
        "result": result,
        "search_query": query.text,
        "hide_site_search": True,  # the page has its own, bigger search box
        "sorts": [
            {"value": v, "label": label, "selected": v == query.sort} for v, label in SORTS.items()
        ],
        "pages": pages if result.page_count > 1 else [],
        "previous_url": query.url(page=query.page - 1) if query.page > 1 else "",
        "next_url": query.url(page=query.page + 1) if query.page < result.page_count else "",
        "first": query.offset + 1,
        "last": query.offset + len(result.items),
        "clear_url": query.url(filters={}),
    }
    return render(request, "search/search.html", context)
