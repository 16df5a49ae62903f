"""axe-core in a real browser on every public page type, every form in its empty, error and
success states, the search page with filters, and the group contact's pages: zero WCAG 2.2 A and
AA violations, colour contrast included. A failure names the rule and the element.

Success states of the registration, join, engagement request and success story forms are checked
at every step of their journeys (test_journeys.py, pointer mode); the rest are here.
"""

import re
import uuid

import pytest

from tests.browser.support import (
    AXE_WIDTHS,
    NARROW_WIDTH,
    OPEN_GROUP,
    PUBLIC_PAGES,
    REQUEST_GROUP,
    REQUEST_GROUP_CONTACT,
    assert_accessible,
    assert_accessible_at_every_width,
    axe_violations,
)

pytestmark = pytest.mark.browser

WIDTHS = AXE_WIDTHS
# At 320 px the crawl (test_crawl.py) checks every one of PUBLIC_PAGES, and their reflow.
PAGE_WIDTHS = tuple(width for width in AXE_WIDTHS if width != NARROW_WIDTH)

# Every public form: (path, its submit button). Each is checked empty and with errors.
FORMS = {
    "register a group": ("/groups/register/", "Continue"),
    "join a group": (OPEN_GROUP + "join/", "Join this group"),
    "get a link to manage a listing": ("/manage/", "Send me the links"),
    "request engagement": ("/request-engagement/", "Send request"),
    "share a success": ("/share-a-success/", "Send story"),
    "become a champion": ("/become-a-champion/", "Send sign-up"),
    "follow themes": ("/follow/", "Follow"),
}


@pytest.mark.parametrize("width", PAGE_WIDTHS, ids=[f"{w}px" for w in PAGE_WIDTHS])
@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_page_has_no_violations(page_at_width, path, width):
    page = page_at_width(width)
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert_accessible(page, f"{path} at {width} px")


def test_page_not_found_has_no_violations(shared_page):
    response = shared_page.goto("/no-such-page-here/")
    assert response.status == 404
    assert shared_page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible_at_every_width(shared_page, "the 404 page")


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
@pytest.mark.parametrize(("path", "button"), FORMS.values(), ids=FORMS.keys())
def test_form_empty_and_error_states_have_no_violations(page_at_width, path, button, width):
    page = page_at_width(width)
    assert page.goto(path).status == 200
    assert_accessible(page, f"{path} (empty) at {width} px")

    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), f"{path}: no error summary after sending the form empty"
    assert page.title().startswith("Error: "), "the title must say the page has errors"
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    # Every message links to the field it is about, and the field shows the message too.
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")
        assert target.startswith("#"), target
        assert page.locator(target).count() == 1, f"{path}: {target} points at nothing"
    assert page.locator(".govuk-error-message").count() >= 1
    assert_accessible(page, f"{path} (errors) at {width} px")


def test_error_summary_link_moves_focus_to_its_field(shared_page):
    shared_page.goto("/manage/")
    shared_page.get_by_role("button", name="Send me the links").click()
    shared_page.locator(".govuk-error-summary").get_by_role("link").first.click()
    assert shared_page.evaluate("() => document.activeElement.id") == "id_email"


@pytest.mark.parametrize(("path", "_button"), FORMS.values(), ids=FORMS.keys())
def test_forms_follow_the_gov_uk_patterns(shared_page, path, _button):
    """Grouped choices in fieldsets with legends, hints tied to their fields, labels for every
    field, and autocomplete on personal details."""
    shared_page.goto(path)
    problems = shared_page.evaluate(
        """() => {
            const problems = [];
            const form = document.querySelector('main form[method="post"]');
            for (const input of form.querySelectorAll('input[type=radio], input[type=checkbox]')) {
                const group = form.querySelectorAll(`input[name="${input.name}"]`);
                if (group.length < 2) continue;
                const fieldset = input.closest('fieldset');
                if (!fieldset || !fieldset.querySelector('legend')?.textContent.trim())
                    problems.push(`${input.name}: choices not in a fieldset with a legend`);
            }
            for (const hint of form.querySelectorAll('.govuk-hint[id]')) {
                if (!form.querySelector(`[aria-describedby~="${hint.id}"]`))
                    problems.push(`${hint.id}: hint not referenced by aria-describedby`);
            }
            const fields = form.querySelectorAll(
                'input:not([type=hidden]):not([type=submit]), select, textarea');
            for (const field of fields) {
                if (!field.labels || field.labels.length === 0)
                    problems.push(`${field.name}: no label`);
            }
            // Personal details, told apart by their labels (a group's name is not a person's).
            const personal = [[/full name|contact name/i, 'name'],
                              [/email address/i, 'email'],
                              [/your organisation/i, 'organization']];
            for (const field of fields) {
                if (field.type === 'checkbox' || !field.labels?.length) continue;
                const label = field.labels[0].textContent;
                for (const [pattern, token] of personal) {
                    if (pattern.test(label) && field.getAttribute('autocomplete') !== token)
                        problems.push(`${field.name}: autocomplete should be "${token}"`);
                }
            }
            return [...new Set(problems)];
        }"""
    )
    assert problems == []


def test_skip_link_is_first_and_moves_focus_to_main_content(shared_page):
    shared_page.goto("/themes/")
    shared_page.keyboard.press("Tab")
    focused = shared_page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    shared_page.keyboard.press("Enter")
    assert shared_page.evaluate("() => location.hash") == "#main-content"
    assert shared_page.evaluate("() => document.activeElement.id") == "main-content"


def test_every_link_on_the_home_page_leads_somewhere(shared_page):
    shared_page.goto("/")
    hrefs = shared_page.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))"
    )
    internal = sorted({h for h in hrefs if h.startswith("/") and not h.startswith("//")})
    assert len(internal) > 10
    broken = []
    for href in internal:
        response = shared_page.request.get(href)
        if response.status != 200:
            broken.append(f"{href} ({response.status})")
    assert broken == []


def test_axe_catches_a_real_violation(shared_page):
    """The checker itself works: an image without alt text and low-contrast text fail."""
    shared_page.goto("/themes/")
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


# --- Success states not covered by a journey -----------------------------------------------------


def test_champion_sign_up_success_has_no_violations(new_context):
    page = new_context().new_page()
    page.goto("/become-a-champion/")
    page.get_by_label("Full name", exact=True).fill("Jo Champion")
    page.get_by_label("Email address", exact=True).fill(f"jo-{uuid.uuid4().hex[:6]}@example.org")
    page.get_by_label("Job title or role").fill("Head of user engagement")
    page.get_by_label("Organisation", exact=True).select_option(
        label="Department for Education (DfE)"
    )
    page.get_by_role("checkbox", name=re.compile("I agree to the USER hub storing")).check()
    page.get_by_role("button", name="Send sign-up").click()
    page.wait_for_load_state()
    assert "/become-a-champion/sent/" in page.url
    assert_accessible_at_every_width(page, "champion sign-up sent")


# --- The group contact's pages (reached through signed links, no account) ------------------------


def test_group_contact_pages_have_no_violations(new_context, hub_server):
    """A person asks to join a request-to-join group; its contact gets a link to manage the
    listing, accepts the request, edits the listing (with an error) and sees the archive page."""
    person = new_context().new_page()
    email = f"member-{uuid.uuid4().hex[:6]}@example.org"
    person.goto(REQUEST_GROUP + "join/")
    person.get_by_label("Full name", exact=True).fill("Robin Member")
    person.get_by_label("Email address", exact=True).fill(email)
    person.get_by_role("checkbox", name=re.compile("I agree to the USER hub storing")).check()
    person.get_by_role("button", name="Ask to join").click()
    person.wait_for_load_state()
    message = hub_server.wait_for_email(to=email, subject="Confirm")
    person.goto(next(link for link in hub_server.links_in(message) if "/join/confirm/" in link))
    assert_accessible_at_every_width(person, "membership confirmation button page")
    person.get_by_role("button", name="Confirm email address").click()
    person.wait_for_load_state()
    assert_accessible_at_every_width(person, "membership waiting for the contact's decision")

    contact = new_context().new_page()
    contact.goto("/manage/")
    contact.get_by_label("Contact email address for the group").fill(REQUEST_GROUP_CONTACT)
    contact.get_by_role("button", name="Send me the links").click()
    contact.wait_for_load_state()
    assert_accessible_at_every_width(contact, "manage link sent")
    message = hub_server.wait_for_email(to=REQUEST_GROUP_CONTACT, subject="")
    dashboard = next(link for link in hub_server.links_in(message) if "/manage/" in link)

    contact.goto(dashboard)
    assert contact.get_by_role("heading", level=1).inner_text() == (
        "Consumer Prices Advisory Panel for Users"
    )
    assert_accessible_at_every_width(contact, "manage dashboard with a request to join")
    contact.locator("tr", has_text="Robin Member").get_by_role(
        "button", name=re.compile("^Accept")
    ).click()
    contact.wait_for_load_state()
    assert "The person is now a member" in contact.locator("main").inner_text()
    assert_accessible_at_every_width(contact, "manage dashboard after accepting")

    contact.get_by_role("button", name="Edit the listing").click()
    contact.wait_for_load_state()
    assert_accessible_at_every_width(contact, "edit the listing")
    contact.get_by_label("Group name", exact=True).fill("")
    contact.locator("main form[method=post] [type=submit]").last.click()
    contact.wait_for_load_state()
    assert contact.locator(".govuk-error-summary").is_visible()
    assert_accessible_at_every_width(contact, "edit the listing with errors")

    contact.goto(dashboard)
    contact.get_by_role("link", name="Archive the listing").click()
    contact.wait_for_load_state()
    assert_accessible_at_every_width(contact, "archive the listing (confirmation)")


# --- The champion's page for an engagement request (a signed link, no account) -------------------


def test_champion_request_pages_have_no_violations(new_context, hub_server):
    """A user asks ONS for engagement; an ONS champion opens the link in their email,
    acknowledges the request, and the requester's status page shows it."""
    person = new_context().new_page()
    email = f"requester-{uuid.uuid4().hex[:6]}@example.org"
    person.goto("/request-engagement/")
    person.get_by_label("Which organisation produces the statistics?").select_option(
        label="Office for National Statistics (ONS)"
    )
    person.get_by_label("Theme", exact=True).select_option(label="Economy: GDP")
    person.get_by_label("Which statistics is this about?").fill("GDP first quarterly estimate")
    person.get_by_label("Feedback on a release").check()
    person.get_by_label("Describe your request").fill("The revisions table is hard to find.")
    person.get_by_label("Full name", exact=True).fill("Casey Economist")
    person.get_by_label("Email address", exact=True).fill(email)
    person.get_by_role("checkbox", name=re.compile("I agree to the USER hub storing")).check()
    person.get_by_role("button", name="Send request").click()
    person.wait_for_load_state()
    reference = person.locator("#reference").inner_text().strip()
    status_url = person.get_by_role("link", name="Check the status of your request").get_attribute(
        "href"
    )

    to_champion = [
        message
        for message in hub_server.emails()
        if reference in str(message["Subject"]) and email not in str(message["To"])
    ]
    assert to_champion, f"no champion was told about {reference}"
    handle = next(
        link
        for link in hub_server.links_in(to_champion[0])
        if "/request-engagement/handle/" in link
    )

    champion = new_context().new_page()
    champion.goto(handle)
    assert champion.get_by_role("heading", level=1).inner_text() == reference
    assert_accessible_at_every_width(champion, "champion's request page")
    champion.get_by_role("button", name="Save and tell the requester").click()
    champion.wait_for_load_state()
    assert champion.locator(".govuk-error-summary").is_visible()
    assert_accessible_at_every_width(champion, "champion's request page with errors")
    champion.get_by_label("Acknowledged", exact=True).check()
    champion.get_by_label("Message to the requester").fill("Thank you, we are looking at it.")
    champion.get_by_role("button", name="Save and tell the requester").click()
    champion.wait_for_load_state()
    assert "The request is updated" in champion.locator("main").inner_text()
    assert_accessible_at_every_width(champion, "champion's request page after the update")

    person.goto(status_url)
    assert "Acknowledged" in person.locator("main").inner_text()
    assert "Thank you, we are looking at it." in person.locator("main").inner_text()


# --- Search suggestions (progressive enhancement) -------------------------------------------------


def test_search_box_suggests_groups_and_themes_by_keyboard(shared_page):
    page = shared_page
    page.goto("/search/")
    box = page.locator("#search-q")
    box.press_sequentially("heal", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    labels = options.all_inner_texts()
    assert any("Health" in label for label in labels), labels
    status = page.locator("#search-q-suggestions-status").inner_text()
    assert status.startswith(f"{len(labels)} suggestion")
    assert_accessible(page, "/search/ with suggestions open")

    box.press("ArrowDown")
    first = options.first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"

    box.press_sequentially("t", delay=30)
    listbox.wait_for(state="visible")
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert "/search/" not in page.url  # a group's or a theme's own page
    assert "Health" in page.locator("h1").inner_text()


def test_search_box_without_javascript_is_a_plain_form(browser, hub_server):
    context = browser.new_context(base_url=hub_server.base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search/")
    assert page.locator("#search-q").get_attribute("role") is None
    page.fill("#search-q", "health")
    page.locator(".hub-search-form").get_by_role("button", name="Search", exact=True).click()
    assert "q=health" in page.url
    assert page.locator(".hub-results li").count() > 0
    context.close()
