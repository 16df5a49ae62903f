"""Every public page a visitor can reach by following links from the home page, found by following
them rather than listed by hand, and one of each page type by the URL a user would bookmark
(``PUBLIC_PAGES``, filtered listings and searches too): each answers, reflows at 320 px without
sideways scrolling and passes axe at WCAG 2.2 A and AA there (target size bites at that width). A
page added later and linked from anywhere is checked without anyone remembering to list it."""

import re
from urllib.parse import urljoin, urlparse

import pytest

from tests.browser.support import NARROW_WIDTH, PUBLIC_PAGES, axe_violations, format_violations

pytestmark = pytest.mark.browser

# Not pages to read: the admin, files, feeds, the APIs, and the signed links a contact is emailed.
NOT_A_PAGE = re.compile(
    r"^/(admin|static|media|documents|api|manage/.|__)|\.(ics|xml|csv|atom|json|txt|pdf|png|jpe?g)$"
    r"|/feed"
)
# Enough for the demo content (about 130 pages) with room to grow; a crawl that runs away
# (a link that makes new URLs forever) fails rather than hiding in a long run.
MOST_PAGES = 400


def _links(page, base_url: str, path: str) -> list[str]:
    found = []
    host = urlparse(base_url).netloc
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        url = urlparse(urljoin(base_url + path, href))
        if url.netloc == host and not NOT_A_PAGE.search(url.path):
            found.append(url.path)
    return found


def test_every_page_linked_from_home_answers_reflows_and_passes_axe_at_320_pixels(
    narrow_page, hub_server
):
    seen: set[str] = set()
    queue = ["/", *PUBLIC_PAGES.values()]
    problems = []
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        assert len(seen) <= MOST_PAGES, f"more than {MOST_PAGES} pages: {sorted(seen)[-20:]}"
        response = narrow_page.goto(path)
        if response is None or response.status >= 400:
            problems.append(f"{path}: answered {response and response.status}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        width = narrow_page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW_WIDTH:
            problems.append(f"{path}: {width} px wide at {NARROW_WIDTH} px")
        if violations := axe_violations(narrow_page):
            problems.append(f"{path}:\n{format_violations(violations)}")
        queue += [
            link for link in _links(narrow_page, hub_server.base_url, path) if link not in seen
        ]
    # The demo content links every kind of page; a crawl that found few has lost its way.
    assert len(seen) > 60, sorted(seen)
    assert not problems, "\n".join(problems)
