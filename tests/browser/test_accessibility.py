"""axe-core in a real browser on every public page type: zero WCAG 2.2 A and AA violations,
colour contrast included. A failure names the rule and the element."""

import pytest

from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser

# One of each public page type, by the stable URL a user would bookmark.
PAGES = {
    "home": "/",
    "theme index": "/themes/",
    "theme (top level)": "/themes/economy/",
    "theme (second level)": "/themes/construction-industry/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_public_page_has_no_violations(shared_page, path):
    response = shared_page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert_accessible(shared_page, path)


def test_page_not_found_has_no_violations(shared_page):
    response = shared_page.goto("/no-such-page-here/")
    assert response.status == 404
    assert shared_page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible(shared_page, "the 404 page")


def test_skip_link_is_first_and_moves_focus_to_main_content(shared_page):
    shared_page.goto("/themes/")
    shared_page.keyboard.press("Tab")
    focused = shared_page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    shared_page.keyboard.press("Enter")
    assert shared_page.evaluate("() => location.hash") == "#main-content"
    assert shared_page.evaluate("() => document.activeElement.id") == "main-content"


def test_axe_catches_a_real_violation(shared_page):
    """The checker itself works: an image without alt text and low-contrast text fail."""
    from tests.browser.support import axe_violations

    shared_page.goto("/")
    shared_page.evaluate(
        """() => {
            const main = document.getElementById('main-content');
            const img = document.createElement('img');
            img.src = '/static/govuk/assets/images/favicon.svg';
            main.appendChild(img);
            const p = document.createElement('p');
            p.textContent = 'Barely readable';
            p.style.color = '#dddddd';
            main.appendChild(p);
        }"""
    )
    rules = {violation["id"] for violation in axe_violations(shared_page)}
    assert {"image-alt", "color-contrast"} <= rules
