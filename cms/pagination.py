"""Pagination for listing pages, rendered with the GOV.UK pagination component."""

from django.core.paginator import Page, Paginator


def paginate(request, queryset, *, per_page: int) -> Page:
    """The requested page of results; out-of-range or malformed numbers give the nearest page."""
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.elided_range = list(
        paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    )
    return page_obj
