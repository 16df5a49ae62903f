"""The insights views in a real browser: each opened by a signed-in editor (and the public
"State of engagement" page by a visitor), with a screenshot and axe-core at WCAG 2.2 A and AA.

Screenshots are saved under test-artifacts/screenshots/insights/. In the admin, axe checks the
insights content itself (Wagtail's own chrome is Wagtail's to answer for), the public page whole.
"""

import re

import pytest

from tests.browser.support import (
    AXE_TAGS,
    SCREENSHOTS_DIR,
    _axe_source,
    assert_accessible_at_every_width,
    assert_no_horizontal_scroll,
    format_violations,
    save_screenshot,
)

pytestmark = pytest.mark.browser

FOLDER = SCREENSHOTS_DIR / "insights"

ADMIN_VIEWS = {
    "coverage": "/admin/insights/coverage/",
    "coverage-sorted-by-demand": "/admin/insights/coverage/?sort=demand&order=desc",
    "coverage-filtered": "/admin/insights/coverage/?date_from=2020-01-01&theme=economy",
    "coverage-bad-filter": "/admin/insights/coverage/?date_from=2026-02-31&date_to=yesterday",
    "health": "/admin/insights/health/",
    "search": "/admin/insights/search/",
    "organisations": "/admin/insights/organisations/",
    "funnels": "/admin/insights/funnels/",
    "deadlines": "/admin/insights/deadlines/",
}


def assert_region_accessible(page, selector: str, what: str) -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async ([selector, tags]) => {
            const results = await window.axe.run(document.querySelector(selector), {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "), html: n.html.slice(0, 200),
                })),
            }));
        }""",
        [selector, AXE_TAGS],
    )
    if violations:
        pytest.fail(f"axe-core found violations on {what}:\n" + format_violations(violations))


@pytest.fixture(scope="module")
def editor_page(browser, hub_server):
    """An editor signed in to the admin, after a few searches that find nothing, with the demo
    engagement requests loaded."""
    if "load_demo_engagement" in hub_server.commands:
        hub_server.manage("load_demo_engagement")
    context = browser.new_context(
        base_url=hub_server.base_url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    for query in ("zzqxj nothing", "crime rates zzqxj", "jobs zzqxj"):
        page.goto(f"/search/?q={query.replace(' ', '+')}")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(hub_server.editor_username)
    page.get_by_label("Password").fill(hub_server.editor_password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    yield page
    context.close()


@pytest.mark.parametrize("path", ADMIN_VIEWS.values(), ids=ADMIN_VIEWS.keys())
def test_admin_insights_view_opens_with_its_chart_and_table(editor_page, path):
    name = next(key for key, value in ADMIN_VIEWS.items() if value == path)
    response = editor_page.goto(path)
    assert response.status == 200
    main = editor_page.locator(".insights")
    assert main.locator("table").count() >= 1
    assert main.get_by_role("link", name=re.compile("as CSV")).count() >= 1
    if name != "coverage-bad-filter":
        assert main.locator("svg[role=img]").count() >= 1
    else:
        assert "There is a problem" in main.inner_text()
    save_screenshot(editor_page, FOLDER / f"admin-{name}")
    assert_region_accessible(editor_page, ".insights", path)


def test_searches_that_found_nothing_show_up_with_their_themes(editor_page):
    editor_page.goto("/admin/insights/search/")
    table = editor_page.locator("#zero_queries table")
    row = table.locator("tr", has_text="crime rates zzqxj")
    assert row.locator("td").nth(1).inner_text() == "Crime and justice"


def test_sorting_works_without_javascript(browser, hub_server, editor_page):
    """The column headings are links: sorting is done by the server."""
    context = browser.new_context(
        base_url=hub_server.base_url,
        java_script_enabled=False,
        storage_state=editor_page.context.storage_state(),
    )
    page = context.new_page()
    page.goto("/admin/insights/coverage/")
    page.locator("#coverage thead").get_by_role("link", name=re.compile("^Demand")).click()
    page.wait_for_load_state()
    assert "sort=demand&order=desc" in page.url
    cells = page.locator("#coverage tbody tr td:last-child").all_inner_texts()
    numbers = [int(cell.replace(",", "")) for cell in cells]
    assert numbers == sorted(numbers, reverse=True)
    save_screenshot(page, FOLDER / "admin-coverage-sorted-without-javascript")
    context.close()


def test_state_of_engagement_page(shared_page):
    response = shared_page.goto("/")
    assert response.status == 200
    shared_page.locator("footer").get_by_role("link", name="State of engagement").click()
    shared_page.wait_for_load_state()
    assert shared_page.url.endswith("/state-of-engagement/")
    assert shared_page.get_by_role("heading", level=1).inner_text() == "State of engagement"
    assert shared_page.get_by_role("link", name="Register your group").count() == 1
    save_screenshot(shared_page, FOLDER / "public-state-of-engagement")
    assert_accessible_at_every_width(shared_page, "the State of engagement page")


def test_state_of_engagement_reflows_at_320_pixels(narrow_page):
    assert narrow_page.goto("/state-of-engagement/").status == 200
    save_screenshot(narrow_page, FOLDER / "public-state-of-engagement-320px")
    assert_no_horizontal_scroll(narrow_page, "the State of engagement page")
