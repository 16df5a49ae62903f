"""Bare views: the least Django can do for the same answer, through the same middleware."""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse


@cache
def _page_bytes() -> bytes:
    return Path(os.environ["BENCH_BARE_PAGE"]).read_bytes()


def bare_page(request):
    """The bytes of a page saved earlier, as the page cache would return them."""
    return HttpResponse(_page_bytes(), content_type="text/html; charset=utf-8")
