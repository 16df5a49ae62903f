"""Pagination for every listing: pages rendered with the GOV.UK pagination component
(``components/pagination.html``, through ``{% govuk_pagination %}`` or ``page_links``), and
the pages of the JSON listings (``api_page``)."""

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, QuerySet, Window

_TOTAL = "_paginate_total"
# Past this the SQL OFFSET overflows; such a page is past the end of any listing anyway.
_MAX_OFFSET = 2**62


def _requested_number(value) -> int:
    """The page number as Django's ``get_page`` reads it: not a whole number means page 1."""
    try:
        return int(value if value is not None else 1)
    except (TypeError, ValueError):
        return 1


def _rows_with_total(queryset: QuerySet, *, start: int, size: int) -> tuple[list, int | None]:
    """``size`` rows from ``start`` and the total number of rows, in one query.

    Each row carries ``COUNT(*) OVER ()``; the total is None when there are no rows to carry it.
    """
    rows = list(queryset.annotate(**{_TOTAL: Window(Count("*"))})[start : start + size])
    return rows, getattr(rows[0], _TOTAL) if rows else None


def _page_in_one_query(paginator: Paginator, value) -> Page | None:
    """The page Django's ``get_page`` would give, reading the rows and the total together.

    A count and then the rows would be two queries. None when the listing is not an ordered
    queryset without DISTINCT (a window count counts rows before DISTINCT removes any) or the
    database has no window functions.
    """
    queryset, per_page = paginator.object_list, paginator.per_page
    if not isinstance(queryset, QuerySet) or queryset.query.distinct or not queryset.ordered:
        return None
    if not connections[queryset.db].features.supports_over_clause:
        return None
    number = _requested_number(value)
    if number >= 1 and (number - 1) * per_page <= _MAX_OFFSET:
        rows, total = _rows_with_total(queryset, start=(number - 1) * per_page, size=per_page)
        if rows or number == 1:
            paginator.count = total or 0
            return Page(rows, number, paginator)
    # Past the end (or below 1): the last page, read from the end of the listing.
    rows, total = _rows_with_total(queryset.reverse(), start=0, size=per_page)
    paginator.count = total or 0
    number = paginator.num_pages
    rows = rows[: paginator.count - (number - 1) * per_page]
    return Page(rows[::-1], number, paginator)


def page_links(*, number: int, page_count: int, url_for: Callable[[int], str]) -> dict:
    """What the pagination component shows: numbered links around the current page, the first
    and the last, with an ellipsis for each gap, and the previous and next links."""
    if page_count <= 1:
        return {"items": [], "previous_url": None, "next_url": None}
    # A number past the end (a hand-edited address) shows the links around the last page.
    around = min(max(number, 1), page_count)
    numbers = Paginator(range(page_count), 1).get_elided_page_range(
        around, on_each_side=1, on_ends=1
    )
    items = [
        {"ellipsis": True}
        if n == Paginator.ELLIPSIS
        else {"number": n, "url": url_for(n), "current": n == number}
        for n in numbers
    ]
    return {
        "items": items,
        "previous_url": url_for(min(number, page_count + 1) - 1) if number > 1 else None,
        "next_url": url_for(number + 1) if number < page_count else None,
    }


def page_of(queryset, number, *, per_page: int) -> Page:
    """The page numbered ``number``; out-of-range or malformed numbers give the nearest page."""
    paginator = Paginator(queryset, per_page)
    page_obj = _page_in_one_query(paginator, number)
    return paginator.get_page(number) if page_obj is None else page_obj


def paginate(request, queryset, *, per_page: int) -> Page:
    """The page of results the address asks for (``?page=``)."""
    return page_of(queryset, request.GET.get("page"), per_page=per_page)


# How many results a page of every JSON listing holds.
API_PAGE_SIZE = 20


def api_page(queryset, *, number, item: Callable) -> dict:
    """A page of a JSON listing as every listing endpoint answers (``api_schemas.page_schema``):
    how many results, which page of how many, and the page's results, each given by ``item``."""
    page_obj = page_of(queryset, number, per_page=API_PAGE_SIZE)
    return {
        "count": page_obj.paginator.count,
        "page": page_obj.number,
        "pages": page_obj.paginator.num_pages,
        "results": [item(obj) for obj in page_obj.object_list],
    }
