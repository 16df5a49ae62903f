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


def test_top_tips_are_reachable_from_the_home_page_and_the_header(shared_page):
    page = shared_page
    page.goto("/")
    header = page.get_by_role("navigation", name="Menu")
    assert header.get_by_role("link", name="Top tips").get_attribute("href") == "/top-tips/"
    main = page.locator("main")
    assert main.get_by_role("link", name=re.compile("top tips", re.I)).first.get_attribute(
        "href"
    ) == ("/top-tips/")
    main.get_by_role("link", name=re.compile("top tips", re.I)).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "10 top tips for user engagement"


@pytest.mark.parametrize(
    ("path", "link", "target"),
    [
        ("/case-studies/", "Share a success", "/share-a-success/"),
        ("/case-studies/household-costs-with-users/", "Share a success", "/share-a-success/"),
        ("/champions/", "request engagement", "/request-engagement/"),
        ("/themes/economy/", "Ask a producer for engagement on Economy", "/request-engagement/"),
    ],
)
def test_journeys_are_linked_where_people_need_them(shared_page, path, link, target):
    shared_page.goto(path)
    href = shared_page.locator("main").get_by_role("link", name=link).get_attribute("href")
    assert href.startswith(target)


def test_the_about_page_promises_only_what_the_hub_does(shared_page):
    shared_page.goto("/about/")
    text = shared_page.locator("main").inner_text().lower()
    assert "follow a theme" not in text
    assert "find and join a group" in text


def test_the_website_field_looks_like_the_other_text_fields(shared_page):
    shared_page.goto("/groups/register/")
    website = shared_page.get_by_label("Website (optional)")
    name = shared_page.get_by_label("Group name", exact=True)
    assert "govuk-input" in website.get_attribute("class").split()
    assert website.get_attribute("type") == "url"
    assert website.bounding_box()["width"] == name.bounding_box()["width"]
    assert website.evaluate("(el) => getComputedStyle(el).borderTopWidth") == "2px"
