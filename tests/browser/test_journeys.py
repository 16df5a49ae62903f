"""Journeys from the home page as a new user would take them, in a real browser against a real
server: each with a pointer (axe-core checked at every step), with the keyboard alone, and at a
320 px wide viewport with no sideways scrolling. Screenshots of every step are saved under
test-artifacts/screenshots/<journey>-<mode>/.

The editor's part of a journey (signing in to the Wagtail admin and deciding) is the hub team's
tool, not the public site: it is driven with a pointer at desktop width in every mode.
"""

import re
import uuid

import pytest

from tests.browser.support import Journey

pytestmark = pytest.mark.browser

MODES = Journey.MODES


@pytest.fixture
def person(new_context):
    """A new visitor's browser page, sized for the journey's mode."""

    def open_page(mode: str):
        return new_context(**Journey.viewport(mode)).new_page()

    return open_page


@pytest.fixture
def editor(new_context, editor_session):
    """The hub team's editor, signed in to the Wagtail admin in a browser of their own (the
    session's sign-in, so each journey does not fill in the sign-in form again)."""
    page = new_context(width=1280, height=900, storage_state=editor_session).new_page()
    page.goto("/admin/")
    assert "/admin/login/" not in page.url, "the editor is not signed in"
    return page


def follow_email_link(journey: Journey, hub_server, *, to: str, subject: str, path: str) -> None:
    """Open the link (to ``path``) in the newest email to ``to``, as the person would."""
    message = hub_server.wait_for_email(to=to, subject=subject)
    links = [link for link in hub_server.links_in(message) if path in link]
    assert links, f"No link to {path} in the email {message['Subject']!r}"
    journey.page.goto(links[0])


# --- Register a group ----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_register_a_group_confirm_it_and_find_it_in_search_after_approval(
    person, editor, hub_server, mode
):
    page = person(mode)
    journey = Journey(page=page, name="register-a-group", mode=mode)
    unique = uuid.uuid4().hex[:6]
    name = f"Construction industry statistics users {unique}"
    email = f"producer-{mode}-{unique}@example.org"

    page.goto("/")
    journey.step("home page")
    journey.click(page.get_by_role("link", name="Register a group").first)
    assert page.get_by_role("heading", level=1).inner_text() == "Register a user group"
    journey.step("empty registration form")

    journey.click(page.get_by_role("button", name="Continue"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    # Each message in the summary links to its field.
    first_error = summary.get_by_role("link").first
    assert first_error.get_attribute("href").startswith("#")
    journey.step("registration form with errors")

    journey.fill(page.get_by_label("Group name", exact=True), name)
    journey.fill(
        page.get_by_label("Summary", exact=True),
        "Users and producers of construction statistics discuss output, prices and new orders.",
    )
    journey.fill(
        page.get_by_label("Description", exact=True),
        "We meet to discuss the construction output and prices releases and what users need.",
    )
    # Long lists fold away so the keyboard can pass them; the themes below a top-level theme
    # open from its "Themes within" summary. The organisations had an error, so they are open.
    journey.unfold("Themes within Business, industry and trade")
    journey.check(page.get_by_label("Business, industry and trade: Construction industry"))
    journey.unfold("organisations")
    journey.check(page.get_by_label("Department for Business and Trade (DBT)"))
    journey.select(
        page.get_by_label("Which organisation runs the group?"),
        "Department for Business and Trade (DBT)",
    )
    journey.choose(page.get_by_label("Open to all"))
    journey.choose(page.get_by_label("Twice a year"))
    journey.choose(page.get_by_label("Hybrid"))
    journey.check(page.get_by_label("United Kingdom", exact=True))
    journey.unfold("audiences")
    journey.check(page.get_by_label("Businesses", exact=True))
    journey.fill(page.get_by_label("Contact name", exact=True), "Construction statistics team")
    journey.fill(page.get_by_label("Contact email address", exact=True), email)
    journey.check(page.get_by_role("checkbox", name=re.compile("I agree to the USER hub storing")))
    journey.step("registration form filled in")
    journey.click(page.get_by_role("button", name="Continue"))

    # The demo register already lists a construction statistics committee: offered instead.
    assert page.get_by_role("heading", level=1).inner_text() == "Similar groups are already listed"
    assert page.get_by_role(
        "link", name="Consultative Committee for Construction Industry Statistics", exact=True
    ).is_visible()
    journey.step("similar groups warning")
    journey.click(page.get_by_role("button", name=re.compile("carry on and register it")))
    assert "/groups/register/sent/" in page.url
    journey.step("check your email")

    follow_email_link(journey, hub_server, to=email, subject="Confirm", path="/groups/confirm/")
    journey.step("confirm email address")
    journey.click(page.get_by_role("button", name="Confirm email address"))
    journey.step("email address confirmed")

    # Not public until an editor approves it.
    page.goto(f"/search/?q=construction+statistics+users+{unique}")
    assert page.get_by_role("link", name=name).count() == 0
    page.goto("/groups/?theme=construction-industry")
    assert name not in page.locator("main").inner_text()

    editor.goto("/admin/intake/usergroup/")
    editor.locator(f'a[title="Review: {name}"]').click()
    editor.get_by_role("link", name="Approve", exact=True).click()
    editor.get_by_role("button", name="Approve").click()
    editor.wait_for_load_state()
    assert name in editor.locator(".messages").inner_text()

    page.goto("/")
    search_box = page.get_by_label("Search for a user group or forum")
    journey.fill(search_box, f"construction statistics users {unique}")
    journey.click(page.locator("form", has=search_box).get_by_role("button", name="Search"))
    journey.step("the new group found in search")
    assert page.get_by_role("link", name=name).count() == 1
    journey.click(page.get_by_role("link", name=name))
    assert page.get_by_role("heading", level=1).inner_text() == name
    journey.step("the new group's page")


# --- Find a group by theme and join it -----------------------------------------------------------

GROUP = "Health and Social Care Statistics Users Forum"


@pytest.mark.parametrize("mode", MODES)
def test_find_a_group_by_theme_with_two_filters_and_join_it(person, hub_server, mode):
    page = person(mode)
    journey = Journey(page=page, name="find-and-join-a-group", mode=mode)
    unique = uuid.uuid4().hex[:6]
    email = f"analyst-{mode}-{unique}@example.org"

    page.goto("/")
    journey.step("home page")
    search_box = page.get_by_label("Search for a user group or forum")
    journey.fill(search_box, "health")
    journey.click(page.locator("form", has=search_box).get_by_role("button", name="Search"))
    assert page.get_by_role("heading", level=1).inner_text() == "Find a user group"
    # Groups first and by default, counted as groups; the hub's other pages are a separate,
    # labelled choice in people's words.
    assert re.fullmatch(r"\d+ groups? for ‘health’", page.locator("#search-count").inner_text())  # noqa: RUF001
    assert set(page.locator(".hub-results .govuk-caption-s").all_inner_texts()) == {"User group"}
    journey.step("search results for health")
    journey.click(page.get_by_role("link", name=re.compile(r"^Guidance and updates \(\d+\)$")))
    assert "show=pages" in page.url
    kinds = set(page.locator(".hub-results .govuk-caption-s").all_inner_texts())
    assert kinds and kinds <= {"Guidance", "Case study", "Case studies", "Update", "Updates",
                               "Strategy", "Champions"}  # fmt: skip
    journey.step("guidance and updates for health")
    journey.click(page.get_by_role("link", name=re.compile(r"^Groups \(\d+\)$")))
    assert "show=" not in page.url

    # On a phone the results come first and the filters wait behind "Show filters".
    toggle = page.locator(".hub-filters__toggle")
    if toggle.is_visible():
        journey.click(toggle, navigates=False)
    journey.check(page.get_by_role("checkbox", name=re.compile(r"^Health and social care \(\d+\)")))
    # Facets other than the theme start folded away: open "Membership" first.
    journey.click(page.locator("summary", has_text="Membership"), navigates=False)
    journey.check(page.get_by_role("checkbox", name=re.compile(r"^Open to all \(\d+\)")))
    journey.click(page.get_by_role("button", name="Apply filters"))
    # The URL holds the whole state, so the filtered page can be bookmarked.
    assert "theme=health-and-social-care" in page.url
    assert "membership=open" in page.url
    if toggle.is_visible():
        assert toggle.inner_text() == "Show filters (2 chosen)"
        journey.click(toggle, navigates=False)
    assert page.get_by_role("checkbox", name=re.compile(r"^Health and social care")).is_checked()
    assert page.get_by_role("checkbox", name=re.compile(r"^Open to all")).is_checked()
    journey.step("results filtered by theme and membership")

    journey.click(page.get_by_role("link", name=GROUP))
    assert page.get_by_role("heading", level=1).inner_text() == GROUP
    journey.step("group page")

    # The group is open: joining needs no one's decision, so the buttons say "Join".
    journey.click(page.get_by_role("button", name="Join this group"))
    journey.step("empty join form")
    journey.click(page.get_by_role("button", name="Join this group"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.step("join form with errors")

    journey.fill(page.get_by_label("Full name", exact=True), "Sam Analyst")
    journey.fill(page.get_by_label("Email address", exact=True), email)
    journey.fill(page.get_by_label("Organisation (optional)"), "A health charity")
    journey.fill(
        page.get_by_label(re.compile("What do you hope to get from the group")),
        "Hear about changes to waiting times statistics early.",
    )
    journey.check(page.get_by_role("checkbox", name=re.compile("I agree to the USER hub storing")))
    journey.step("join form filled in")
    journey.click(page.get_by_role("button", name="Join this group"))
    journey.step("check your email")

    follow_email_link(journey, hub_server, to=email, subject="", path="/groups/join/confirm/")
    journey.step("confirm email address")
    journey.click(page.get_by_role("button", name="Confirm email address"))
    journey.step("membership confirmed")
    main = page.locator("main").inner_text()
    assert GROUP in main
    # An open group: the person is in at once, and the welcome email has a way to leave.
    welcome = hub_server.wait_for_email(to=email, subject="You have joined")
    assert any("/groups/leave/" in link for link in hub_server.links_in(welcome))


# --- Request engagement --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_request_engagement_and_open_the_status_page(person, hub_server, mode):
    page = person(mode)
    journey = Journey(page=page, name="request-engagement", mode=mode)
    email = f"journalist-{mode}-{uuid.uuid4().hex[:6]}@example.org"

    page.goto("/")
    journey.step("home page")
    journey.click(page.get_by_role("link", name="Request engagement", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "Ask a producer for engagement"
    journey.step("empty request form")
    journey.click(page.get_by_role("button", name="Send request"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.step("request form with errors")

    journey.select(
        page.get_by_label("Which organisation produces the statistics?"),
        "Office for National Statistics (ONS)",
    )
    journey.select(
        page.get_by_label("Theme", exact=True),
        "Inflation and price indices: Consumer price inflation",
    )
    journey.fill(page.get_by_label("Which statistics is this about?"), "Consumer price inflation")
    journey.choose(page.get_by_label("A new breakdown or new data"))
    journey.fill(
        page.get_by_label("Describe your request"),
        "Please publish the index for households with children as a separate series.",
    )
    journey.fill(page.get_by_label("Full name", exact=True), "Alex Reporter")
    journey.fill(page.get_by_label("Email address", exact=True), email)
    journey.check(page.get_by_role("checkbox", name=re.compile("I agree to the USER hub storing")))
    journey.step("request form filled in")
    journey.click(page.get_by_role("button", name="Send request"))

    reference = page.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"UEH-[0-9A-Z]{6}", reference), reference
    journey.step("request sent with its reference")
    message = hub_server.wait_for_email(to=email, subject=reference)
    assert reference in message.get_body(preferencelist=("plain",)).get_content()

    journey.click(page.get_by_role("link", name="Check the status of your request"))
    assert page.get_by_role("heading", level=1).inner_text() == reference
    assert "Received" in page.locator("main").inner_text()
    journey.step("status page")
    # The link in the email opens the same status page.
    status_links = [link for link in hub_server.links_in(message) if "/status/" in link]
    assert status_links
    page.goto(status_links[0])
    assert page.get_by_role("heading", level=1).inner_text() == reference


# --- Share a success, and an editor publishes it -------------------------------------------------


def share_a_success(journey: Journey, *, title: str, email: str) -> None:
    """From the home page, send a success story through the public form."""
    page = journey.page
    page.goto("/")
    journey.step("home page")
    journey.click(page.get_by_role("link", name="Share a success", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "Share a success"
    journey.step("empty story form")
    journey.click(page.get_by_role("button", name="Send story"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.step("story form with errors")

    journey.fill(page.get_by_label("Title of your story"), title)
    journey.select(
        page.get_by_label("Organisation", exact=True), "Office for National Statistics (ONS)"
    )
    journey.unfold("Themes within Economy")
    journey.check(page.get_by_label("Economy: GDP", exact=True))
    journey.check(page.get_by_label("Collaborate", exact=True))
    journey.fill(
        page.get_by_label("The task", exact=True),
        "Find out which GDP breakdowns local economists needed.",
    )
    journey.fill(
        page.get_by_label("The approach", exact=True),
        "Three online workshops with local authority economists and a short survey.",
    )
    journey.fill(
        page.get_by_label("The outcome and impact"),
        "A quarterly regional GDP table, first published the following spring.",
    )
    journey.fill(page.get_by_label("Your full name"), "Priya Producer")
    journey.fill(page.get_by_label("Email address", exact=True), email)
    journey.check(page.get_by_role("checkbox", name=re.compile("I agree to the USER hub storing")))
    journey.step("story form filled in")
    journey.click(page.get_by_role("button", name="Send story"))
    assert page.get_by_role("heading", level=1).inner_text() == "Story sent"
    journey.step("story sent")


@pytest.mark.parametrize("mode", MODES)
def test_share_a_success_and_the_editor_sees_the_draft(person, editor, hub_server, mode):
    page = person(mode)
    journey = Journey(page=page, name="share-a-success", mode=mode)
    title = f"Regional GDP built with local economists {uuid.uuid4().hex[:6]}"
    share_a_success(
        journey, title=title, email=f"producer-{mode}-{uuid.uuid4().hex[:6]}@example.org"
    )

    # A draft in the editors' workflow, never public on its own.
    editor.goto("/admin/")
    review = editor.locator("tr", has_text=title)
    assert review.count() == 1, "the story is not awaiting review on the editor's dashboard"
    review.get_by_role("link", name=title).click()
    editor.wait_for_load_state()
    assert editor.locator("#id_title").input_value() == title
    page.goto("/case-studies/")
    assert title not in page.locator("main").inner_text()
    listing = page.request.get("/api/v2/pages/?type=cms.CaseStudyPage&limit=100")
    assert listing.ok
    assert title not in [item["title"] for item in listing.json()["items"]]


@pytest.mark.parametrize("mode", MODES)
def test_editor_publishes_a_case_study_through_moderation(person, editor, hub_server, mode):
    """It then appears on its theme's page and in the pages API. The public parts are done in
    each mode; the approval is the Wagtail admin's own interface, worked with the pointer."""
    page = person(mode)
    title = f"Household costs explained with users {uuid.uuid4().hex[:6]}"
    share_a_success(
        Journey(page=page, name="editor-publishes-a-case-study", mode=mode),
        title=title,
        email=f"producer-{uuid.uuid4().hex[:6]}@example.org",
    )
    # The case-study index is a Wagtail page: anonymous visitors get it from the page cache.
    page.goto("/case-studies/")
    assert page.goto("/case-studies/").headers.get("x-page-cache") == "hit"
    assert title not in page.locator("main").inner_text()

    desk = Journey(
        page=editor, name=f"editor-publishes-a-case-study-{mode}-admin", mode="pointer", axe=False
    )
    editor.goto("/admin/")
    desk.step("dashboard with the story awaiting review")
    review = editor.locator("tr", has_text=title)
    review.get_by_role("button", name="Actions").click()
    with editor.expect_navigation():
        review.get_by_role("button", name="Approve", exact=True).click()
    editor.wait_for_load_state()
    desk.step("story approved and published")
    assert editor.locator("tr", has_text=title).count() == 0

    page.goto("/themes/gdp/")
    journey = Journey(page=page, name="editor-publishes-a-case-study-public", mode=mode)
    journey.step("gdp theme page")
    assert page.get_by_role("link", name=title).count() == 1
    journey.click(page.get_by_role("link", name=title))
    assert page.get_by_role("heading", level=1).inner_text() == title
    journey.step("published case study")

    # Publishing emptied the page cache: the index lists the new case study at once.
    page.goto("/case-studies/")
    assert page.get_by_role("link", name=title).count() == 1

    listing = page.request.get("/api/v2/pages/?type=cms.CaseStudyPage&fields=themes&limit=100")
    assert listing.ok
    items = [item for item in listing.json()["items"] if item["title"] == title]
    assert len(items) == 1
    assert [theme["slug"] for theme in items[0]["themes"]] == ["gdp"]
