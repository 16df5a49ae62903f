"""The hub team's admin in a real browser at laptop widths: the registration moderation list can
be read at a glance (no column narrower than its longest word) with one clear control per row,
the decision screens show the registration being decided, the moderation screens pass axe at
WCAG 2.2 A and AA at both widths, every demo page saves unchanged in the page editor, and no
admin page asks an outside site for avatars.

Screenshots of every screen are saved under test-artifacts/screenshots/admin/.
"""

import json
import re

import pytest

from tests.browser.support import SCREENSHOTS_DIR, assert_accessible, save_screenshot

pytestmark = pytest.mark.browser

FOLDER = SCREENSHOTS_DIR / "admin"
WIDTHS = (1280, 1440)
PENDING_NAME = "Northern Ireland Agricultural and Environmental Statistics Consultative Forum"

# Words of the visible text in a cell that the browser broke across two lines: the column is
# narrower than that word.
BROKEN_WORDS_JS = """(table) => {
    const broken = [];
    for (const cell of table.querySelectorAll('th, td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const style = getComputedStyle(node.parentElement);
            const hidden = node.parentElement.closest('.visuallyhidden, .w-sr-only');
            if (style.visibility === 'hidden' || hidden) continue;
            for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const rects = [...range.getClientRects()].filter((r) => r.width > 0);
                if (rects.length > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


@pytest.fixture(scope="module")
def pending_groups(hub_server):
    """Two registrations waiting for a decision, one with a long name and several themes."""
    hub_server.manage(
        "shell",
        "-c",
        "from intake.models import UserGroup;"
        "from themes.models import Theme;"
        "from tests.intake.factories import UserGroupFactory;"
        "themes = list(Theme.objects.filter(slug__in=['economy', 'health-and-social-care',"
        " 'construction-industry']));"
        f"UserGroupFactory(name={PENDING_NAME!r}, slug='ni-agri-forum',"
        " status=UserGroup.Status.PENDING, themes=themes);"
        "UserGroupFactory(name='Rail passengers statistics panel', slug='rail-panel',"
        " status=UserGroup.Status.PENDING)",
    )
    return PENDING_NAME


@pytest.fixture(scope="module")
def admin_page(browser, hub_server, editor_session):
    """The hub team's editor, signed in for the session; no request leaves the hub."""
    context = browser.new_context(
        base_url=hub_server.base_url,
        viewport={"width": 1280, "height": 900},
        storage_state=editor_session,
    )
    outside = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(hub_server.base_url) or request.url.startswith("data:")
            else outside.append(request.url)
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/admin/")
    assert "/admin/login/" not in page.url, "the editor's session did not sign them in"
    page.outside_requests = outside
    yield page
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_moderation_list_is_readable_with_one_control_per_row(admin_page, pending_groups, width):
    page = admin_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/admin/intake/usergroup/?status__exact=pending")
    save_screenshot(page, FOLDER / f"moderation-list-{width}")
    table = page.locator("table.listing").first
    assert PENDING_NAME in table.inner_text()
    assert table.evaluate(BROKEN_WORDS_JS) == []
    row = table.locator("tr", has_text=PENDING_NAME)
    controls = row.locator("a, button").filter(visible=True)
    labels = [label.strip() for label in controls.all_inner_texts()]
    # The name (a link to the registration) and one "Review" control.
    assert labels.count("Review") == 1, labels
    assert not {"Approve", "Reject", "Ask for changes", "Delete"} & set(labels), labels
    # Nothing covers or clips the control: the point at its centre is the control itself.
    review = row.get_by_role("link", name="Review")
    review.scroll_into_view_if_needed()
    assert review.evaluate(
        """(el) => {
            const r = el.getBoundingClientRect();
            return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
        }"""
    )
    name_cell = row.locator("td.field-name")
    assert name_cell.bounding_box()["width"] >= 200
    # The table stays in its own column, clear of the filters beside it.
    filters = page.locator(".changelist-filter")
    if filters.count():
        table_box, filter_box = table.bounding_box(), filters.bounding_box()
        assert table_box["x"] + table_box["width"] <= filter_box["x"] + 1
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('td.field-name')).minWidth")
        != "0px"
    ), "the admin stylesheet for the moderation list is not loaded"


def test_review_and_approve_screen_shows_the_registration(admin_page, pending_groups):
    page = admin_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/intake/usergroup/?status__exact=pending")
    page.locator(f'a[title="Review: {PENDING_NAME}"]').click()
    page.wait_for_load_state()
    save_screenshot(page, FOLDER / "review-1280")
    page.get_by_role("link", name="Approve", exact=True).click()
    page.wait_for_load_state()
    save_screenshot(page, FOLDER / "approve-1280")
    main = page.locator("main").inner_text()
    for expected in (PENDING_NAME, "Economy", "Health and social care", "Contact"):
        assert expected in main, expected
    page.goto(page.url.replace("/approve/", "/reject/"))
    save_screenshot(page, FOLDER / "reject-1280")
    assert PENDING_NAME in page.locator("main").inner_text()
    assert "Economy" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_moderation_screens_have_no_violations(admin_page, pending_groups, width):
    """The list, the review screen and the approve and reject screens: zero WCAG 2.2 A and AA
    violations, no rule left out."""
    page = admin_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/admin/intake/usergroup/?status__exact=pending")
    assert_accessible(page, f"the registration moderation list at {width} px")
    page.locator(f'a[title="Review: {PENDING_NAME}"]').click()
    page.wait_for_load_state()
    assert_accessible(page, f"the review screen at {width} px")
    page.get_by_role("link", name="Approve", exact=True).click()
    page.wait_for_load_state()
    assert "/approve/" in page.url
    assert_accessible(page, f"the approve screen at {width} px")
    page.goto(page.url.replace("/approve/", "/reject/"))
    assert_accessible(page, f"the reject screen at {width} px")
    # The reject screen with its error (no reason given) too.
    page.get_by_role("button", name=re.compile("^Reject")).click()
    page.wait_for_load_state()
    assert_accessible(page, f"the reject screen with an error at {width} px")


def test_every_demo_page_saves_unchanged_in_the_page_editor(admin_page, hub_server):
    """Open each demo page in the editor and save it as loaded: no validation error."""
    pages = json.loads(
        hub_server.manage(
            "shell",
            "-c",
            "import json; from wagtail.models import Page;"
            "print(json.dumps([[p.pk, p.specific_class.__name__, p.title] for p in "
            "Page.objects.filter(depth__gt=1).order_by('path')]))",
        )
        .strip()
        .splitlines()[-1]
    )
    assert len(pages) >= 10
    page = admin_page
    failures, seen_types = [], set()
    for pk, type_name, title in pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"/admin/pages/{pk}/edit/")
        if type_name not in seen_types:
            seen_types.add(type_name)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                save_screenshot(page, FOLDER / f"editor-{type_name}-{width}")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_load_state()
        messages = (
            page.locator(".messages").inner_text() if page.locator(".messages").count() else ""
        )
        if "updated" not in messages or page.locator(".error-message, .help-critical").count():
            save_screenshot(page, FOLDER / f"editor-failed-{pk}")
            failures.append(f"{title} ({type_name}): {messages.strip()[:200]}")
    assert failures == []


def test_no_admin_page_loads_anything_from_another_site(admin_page, pending_groups):
    page = admin_page
    for path in ("/admin/", "/admin/intake/usergroup/", "/admin/pages/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert page.outside_requests == []
    assert page.locator("img[src*='gravatar']").count() == 0
