"""The demo hub a fresh `make run` shows: every public page reachable from the home page shows
realistic content, and none says a list is empty."""

import html
import re
import urllib.request
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser

EMPTY_LIST_PHRASES = (
    "Nothing is listed yet",
    "Nothing is tagged with this theme yet",
    "No case studies have been published yet",
    "No updates have been published yet",
    "There are no listed groups for this theme yet",
    "0 case studies",
    "0 champions",
    "0 groups",
)
# Not public pages of the demo: the admin, the API, files, and pages reached by signed links.
SKIP = ("/admin/", "/api/", "/static/", "/media/", "/documents/", "/manage/", "/django-admin/")
MAX_PAGES = 400


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback)
        return response.status, response.read().decode("utf-8", "replace")


def test_no_demo_page_says_a_list_is_empty(hub_server):
    seen, queue, problems = {"/"}, deque(["/"]), []
    while queue and len(seen) <= MAX_PAGES:
        path = queue.popleft()
        status, body = _get(hub_server.url(path))
        assert status == 200, path
        main = body.split('id="main-content"', 1)[-1]
        text = html.unescape(re.sub(r"<[^>]+>", " ", main))
        text = re.sub(r"\s+", " ", text)
        problems += [f"{path}: {phrase!r}" for phrase in EMPTY_LIST_PHRASES if phrase in text]
        for href in re.findall(r'href="([^"]+)"', body):
            href = urldefrag(html.unescape(href))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            # Pages and their plain listings; filtered and paged variants are not new pages.
            if parts.query or href.startswith(SKIP) or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    assert len(seen) > 40, f"the crawl reached only {len(seen)} pages"
    assert problems == [], "\n".join(problems)
