"""What phone, tablet and laptop widths do to the public pages, beyond what axe reports: pointer
targets big enough to hit (WCAG 2.5.8), wide tables reachable by keyboard with nothing cut, a search
highlight that cannot be mistaken for the focus, and search filters that fold away on phones.

Each check names the width and the element, and leaves a screenshot in
test-artifacts/screenshots/widths/.
"""

import pytest

from tests.browser.support import SCREENSHOTS_DIR, assert_accessible, save_screenshot

pytestmark = pytest.mark.browser

FOLDER = SCREENSHOTS_DIR / "widths"
PHONE_WIDTHS = (320, 375, 390)
MIN_TARGET = 24

# Each target's box, and the pairs of targets whose 24 px circles (centred on the targets smaller
# than 24 px) overlap another target: WCAG 2.5.8's spacing exception, as axe-core measures it.
TARGETS_JS = """(selector) => {
    const boxes = [...document.querySelectorAll(selector)]
        .filter((el) => el.getClientRects().length)
        .map((el) => ({text: el.textContent.trim(), rect: el.getBoundingClientRect()}));
    const small = boxes.filter((b) => b.rect.height < 24 || b.rect.width < 24)
        .map((b) => `${b.text}: ${Math.round(b.rect.width)}x${Math.round(b.rect.height)}`);
    const overlaps = [];
    for (const a of boxes) for (const b of boxes) {
        if (a === b) continue;
        const r = a.rect, s = b.rect;
        if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom)
            overlaps.push(`${a.text} overlaps ${b.text}`);
    }
    return {count: boxes.length, small, overlaps};
}"""


def _assert_targets(page, selector: str, what: str) -> None:
    found = page.evaluate(TARGETS_JS, selector)
    assert found["count"] > 0, f"no {selector} on {what}"
    assert found["small"] == [], f"targets under {MIN_TARGET} px on {what}: {found['small']}"
    assert found["overlaps"] == [], f"targets overlap on {what}: {found['overlaps']}"


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_footer_links_are_big_enough_to_hit_on_phones(page_at_width, width):
    page = page_at_width(width)
    page.goto("/")
    _assert_targets(page, ".govuk-footer__link", f"the footer at {width} px")
    save_screenshot(page.locator(".govuk-footer"), FOLDER / f"footer-{width}")


@pytest.mark.parametrize("width", (320, 390, 480, 640))
@pytest.mark.parametrize(
    "path", ["/groups/?theme=health-and-social-care", "/themes/economy/"], ids=["groups", "theme"]
)
def test_sub_theme_links_are_big_enough_to_hit(page_at_width, path, width):
    page = page_at_width(width)
    page.goto(path)
    _assert_targets(page, ".hub-link-list a", f"{path} at {width} px")
    assert_accessible(page, f"{path} at {width} px")


def test_strategy_tables_scroll_in_a_labelled_focusable_region_at_320_pixels(page_at_width):
    page = page_at_width(320)
    page.goto("/strategy/")
    save_screenshot(page, FOLDER / "strategy-320")
    regions = page.evaluate(
        """() => [...document.querySelectorAll('main table')].map((table) => {
            const box = table.parentElement;
            return {
                scrolls: box.scrollWidth > box.clientWidth,
                role: box.getAttribute('role'),
                label: box.getAttribute('aria-label') || '',
                tabindex: box.getAttribute('tabindex'),
            };
        })"""
    )
    assert len(regions) >= 3
    assert any(region["scrolls"] for region in regions), "no table is wider than 320 px any more"
    for region in regions:
        if region["scrolls"]:
            assert region["role"] == "region" and region["tabindex"] == "0", region
            assert region["label"].startswith("Deliverables for "), region
    # The keyboard reaches a region and can scroll it.
    region = page.locator("main [role=region]").first
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Arrow keys scroll smoothly: wait for the scroll rather than read it at once.
    page.wait_for_function("(el) => el.scrollLeft > 0", arg=region.element_handle(), timeout=3000)
    assert_accessible(page, "/strategy/ at 320 px")


@pytest.mark.parametrize("width", (320, 375))
def test_strategy_status_tags_show_their_whole_label(page_at_width, width):
    page = page_at_width(width)
    page.goto("/strategy/")
    tags = page.evaluate(
        """() => [...document.querySelectorAll('main .govuk-tag')].map((tag) => ({
            text: tag.textContent.trim(),
            lines: Math.round(tag.getBoundingClientRect().height
                / parseFloat(getComputedStyle(tag).lineHeight)),
            cut: tag.scrollWidth > tag.clientWidth,
        }))"""
    )
    assert "In progress" in {tag["text"] for tag in tags}
    broken = [tag for tag in tags if tag["cut"] or tag["lines"] > 1]
    assert broken == []


def test_search_highlight_is_not_the_focus_colour(page_at_width):
    page = page_at_width(1280)
    page.goto("/search/?q=statistics")
    mark = page.locator("mark.hub-highlight").first
    link = page.locator(".hub-results a").first
    link.focus()
    save_screenshot(page, FOLDER / "search-highlight-and-focus")
    highlight = mark.evaluate("(el) => getComputedStyle(el).backgroundColor")
    focus = link.evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert focus == "rgb(255, 221, 0)"  # GOV.UK's focus yellow
    assert highlight not in (focus, "rgba(0, 0, 0, 0)")
    assert mark.evaluate("(el) => getComputedStyle(el).textDecorationLine") == "underline"


@pytest.mark.parametrize("width", (320, 375))
def test_search_results_come_before_the_filters_on_phones(page_at_width, width):
    page = page_at_width(width)
    page.goto("/search/?q=statistics&theme=economy")
    toggle = page.locator(".hub-filters__toggle")
    assert toggle.inner_text() == "Show filters (1 chosen)"
    assert "{#" not in page.locator("main").inner_text()
    first_result = page.locator(".hub-results li").first
    assert first_result.is_visible()
    assert page.get_by_role("heading", name="Filter results").is_hidden()
    # The first result is on the first screen, not under the whole filter panel.
    assert first_result.bounding_box()["y"] < 800
    save_screenshot(page, FOLDER / f"search-filters-closed-{width}")
    toggle.click()
    assert page.get_by_role("heading", name="Filter results").is_visible()
    assert toggle.inner_text() == "Hide filters (1 chosen)"
    assert_accessible(page, f"search with filters open at {width} px")


def test_search_filters_fold_without_javascript(browser, hub_server):
    context = browser.new_context(
        base_url=hub_server.base_url,
        java_script_enabled=False,
        viewport={"width": 320, "height": 640},
    )
    page = context.new_page()
    page.goto("/search/?q=statistics")
    assert page.get_by_role("button", name="Apply filters").is_hidden()
    page.locator(".hub-filters__toggle").click()
    economy = page.locator("input[name=theme][value=economy]")
    if not economy.is_visible():
        page.locator("summary", has_text="Theme").click()
    economy.check()
    page.get_by_role("button", name="Apply filters").click()
    assert "theme=economy" in page.url
    context.close()


def test_search_filters_are_always_shown_on_wide_screens(page_at_width):
    page = page_at_width(1280)
    page.goto("/search/?q=statistics")
    assert page.locator(".hub-filters__toggle").is_hidden()
    assert page.get_by_role("heading", name="Filter results").is_visible()
    assert page.get_by_role("button", name="Apply filters").is_visible()
