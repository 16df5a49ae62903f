"""Meetings and alerts in a real browser against a real server: a group contact adds a meeting
through the manage link and it appears on the meetings page and in its calendar file; a visitor
follows a theme (double opt-in). Each journey runs with a pointer (axe-core at every step), with
the keyboard alone and at 320 px wide. Screenshots go to test-artifacts/screenshots/.
"""

import re
import uuid
from datetime import date

import icalendar
import pytest

from tests.browser.support import Journey

pytestmark = pytest.mark.browser

MODES = Journey.MODES
GROUP = "Consultative Committee for Construction Industry Statistics"
CONTACT = "construction.statistics@dbt.example.gov.uk"


@pytest.fixture
def person(new_context):
    def open_page(mode: str):
        return new_context(**Journey.viewport(mode)).new_page()

    return open_page


def open_email_link(journey: Journey, hub_server, *, to: str, subject: str, path: str) -> None:
    message = hub_server.wait_for_email(to=to, subject=subject)
    links = [link for link in hub_server.links_in(message) if path in link]
    assert links, f"No link to {path} in the email {message['Subject']!r}"
    journey.page.goto(links[-1])


@pytest.mark.parametrize("mode", MODES)
def test_contact_adds_a_meeting_and_it_is_on_the_meetings_page(person, hub_server, mode):
    page = person(mode)
    journey = Journey(page=page, name="add-a-meeting", mode=mode)
    title = f"Spring review {mode} {uuid.uuid4().hex[:4]}"
    year = str(date.today().year + 1)

    page.goto("/manage/")
    journey.fill(page.get_by_label("Contact email address for the group"), CONTACT)
    journey.click(page.get_by_role("button", name="Send me the links"))
    open_email_link(
        journey, hub_server, to=CONTACT, subject="Your links to manage", path="/manage/"
    )
    assert page.get_by_role("heading", level=1).inner_text() == GROUP
    journey.step("manage page")

    journey.click(page.get_by_role("button", name="Add a meeting"))
    journey.step("empty meeting form")
    journey.click(page.get_by_role("button", name="Save the meeting"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter the date of the meeting." in page.locator(".govuk-error-summary").inner_text()
    journey.step("meeting form with errors")

    journey.fill(page.get_by_label("Title (optional)"), title)
    journey.fill(page.get_by_label("Day"), "12")
    journey.fill(page.get_by_label("Month"), "3")
    journey.fill(page.get_by_label("Year"), year)
    journey.fill(page.get_by_label("Start time"), "10:30")
    journey.fill(page.get_by_label("Finishing time"), "12:30")
    journey.choose(page.get_by_label("Hybrid"))
    journey.fill(page.get_by_label("Where is it held?"), "1 Victoria Street, London")
    journey.fill(page.get_by_label("How do people join online?"), "https://meet.example/spring")
    journey.fill(page.get_by_label("Agenda (optional)"), "1. Output\n2. New orders")
    journey.step("meeting form filled in")
    journey.click(page.get_by_role("button", name="Save the meeting"))
    assert "The meeting is added." in page.locator(".govuk-notification-banner").inner_text()
    journey.step("meeting added")

    page.goto("/meetings/")
    journey.step("meetings page")
    journey.select(page.get_by_label("Format"), "Hybrid")
    journey.click(page.get_by_role("button", name="Show meetings"))
    assert "format=hybrid" in page.url
    journey.step("meetings filtered by format")
    journey.click(page.get_by_role("link", name=title, exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert f"12 March {year}, 10:30am" in page.locator("main").inner_text()
    journey.step("meeting page")

    # "Add to calendar" gives a calendar file in UK time.
    href = page.get_by_role("link", name="Add to calendar").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].dt.strftime("%H:%M") == "10:30"


@pytest.mark.parametrize("mode", MODES)
def test_follow_a_theme(person, hub_server, mode):
    page = person(mode)
    journey = Journey(page=page, name="follow-a-theme", mode=mode)
    email = f"follower-{mode}-{uuid.uuid4().hex[:6]}@example.org"

    page.goto("/themes/construction-industry/")
    journey.step("theme page")
    journey.click(page.get_by_role("link", name="Get email alerts about Construction industry"))
    # The theme is ticked already; its fold stays closed and says so.
    assert page.get_by_label("Business, industry and trade: Construction industry").is_checked()
    business = page.locator("summary", has_text="Themes within Business, industry and trade")
    assert "(chosen: Construction industry)" in business.inner_text()
    journey.step("follow form")
    journey.click(page.get_by_role("button", name="Follow"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.step("follow form with errors")

    journey.fill(page.get_by_label("Email address", exact=True), email)
    journey.choose(page.get_by_label("Once a week, in a digest"))
    journey.check(page.get_by_role("checkbox", name=re.compile("I agree to the USER hub storing")))
    journey.step("follow form filled in")
    journey.click(page.get_by_role("button", name="Follow"))
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    journey.step("check your email")

    open_email_link(
        journey, hub_server, to=email, subject="Confirm your email", path="/follow/confirm/"
    )
    journey.step("confirm email address")
    journey.click(page.get_by_role("button", name="Confirm email address"))
    assert "Your alerts are set up" in page.locator("main").inner_text()
    assert "Construction industry (theme)" in page.locator("main").inner_text()
    journey.step("following")
