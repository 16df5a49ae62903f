from django.db import connection
from django.test.utils import CaptureQueriesContext


def capture_queries(func) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as context:
        result = func()
    return [query["sql"] for query in context.captured_queries], result


def _listing(queries: list[str]) -> str:
    return "\n".join(f"{number:3}. {query[:300]}" for number, query in enumerate(queries, 1))


def assert_queries_do_not_grow(*, add_items, request, small=5, large=50, max_queries=None):
    """Measure ``request()`` with ``small`` and then ``large`` items; the counts must match.

    After each change unmeasured requests settle what any first visit settles (the site's
    settings row, whose creation renews the page cache and so the header's cached links;
    background work queued by the writes), so only the page itself is counted.
    With ``max_queries``, neither count may exceed it.
    """
    add_items(small)
    request()
    request()
    small_queries, response = capture_queries(request)
    assert response.status_code == 200
    if max_queries is not None:
        assert len(small_queries) <= max_queries, (
            f"{len(small_queries)} queries with {small} items, more than {max_queries}:\n"
            + _listing(small_queries)
        )
    add_items(large - small)
    request()
    large_queries, response = capture_queries(request)
    assert response.status_code == 200
    if max_queries is not None:
        assert len(large_queries) <= max_queries, (
            f"{len(large_queries)} queries with {large} items, more than {max_queries}:\n"
            + _listing(large_queries)
        )
    assert len(large_queries) == len(small_queries), (
        f"{len(small_queries)} queries with {small} items but {len(large_queries)} with {large}:\n"
        + "\n".join(q[:300] for q in large_queries)
        + "\n---- small:\n"
        + "\n".join(q[:300] for q in small_queries)
    )
    return len(small_queries)
