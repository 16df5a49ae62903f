"""Keyboard users get past the long lists of choices (themes, organisations, places,
audiences): Tab from a form's first field reaches its submit button within a bounded number of
stops, because each long list is folded into GOV.UK details. A fold's summary names what is
ticked inside it, and a fold holding what an error is about opens.

Each test prints the stops folded and with every fold opened (what the flat lists cost). The
engagement request asks for one theme from a select, so it has no long list to fold.
"""

import pytest

from tests.browser.support import assert_accessible_at_every_width

pytestmark = pytest.mark.browser

# The most Tab presses from the first field to the submit button, with the lists folded.
FORMS = {
    "register a group": ("/groups/register/", "Continue", 40),
    "become a champion": ("/become-a-champion/", "Send sign-up", 30),
    "share a success": ("/share-a-success/", "Send story", 30),
    "follow themes": ("/follow/", "Follow", 20),
}
EDIT_LISTING_STOPS = 40
REQUEST_GROUP_CONTACT = "prices.users@ons.example.gov.uk"
MAX_PRESSES = 400

FIELDS = "input:not([type=hidden]):not([tabindex='-1']), select, textarea"


def tab_stops(page, button: str) -> int:
    """Tab presses from the form's first field until its submit button has the focus."""
    submit = page.get_by_role("button", name=button, exact=True)
    form = page.locator("form", has=submit)
    form.locator(FIELDS).first.focus()
    target = submit.element_handle()
    for presses in range(1, MAX_PRESSES + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", target):
            return presses
    pytest.fail(f"The {button!r} button was not reached in {MAX_PRESSES} Tab presses.")


def open_every_fold(page) -> None:
    page.evaluate(
        "() => document.querySelectorAll('details.hub-choice-fold')"
        ".forEach((d) => { d.open = true; })"
    )


def fold(page, words: str):
    """The folded list whose summary says ``words``."""
    return page.locator("details.hub-choice-fold", has=page.locator("summary", has_text=words))


def measure(page, button: str, what: str) -> tuple[int, int]:
    folded = tab_stops(page, button)
    open_every_fold(page)
    unfolded = tab_stops(page, button)
    print(f"{what}: {folded} Tab stops folded, {unfolded} with every list open")  # noqa: T201
    return folded, unfolded


@pytest.mark.parametrize(("path", "button", "most"), FORMS.values(), ids=FORMS.keys())
def test_long_lists_fold_so_the_keyboard_can_pass_them(new_context, path, button, most):
    page = new_context().new_page()
    assert page.goto(path).status == 200
    assert page.locator("details.hub-choice-fold").count() >= 1
    folded, unfolded = measure(page, button, path)
    assert folded <= most
    assert unfolded > folded + 20, "the folds must be what keeps the count down"


def test_the_manage_listing_edit_form_folds_its_lists_too(new_context, hub_server):
    page = new_context().new_page()
    page.goto("/manage/")
    page.get_by_label("Contact email address for the group").fill(REQUEST_GROUP_CONTACT)
    page.get_by_role("button", name="Send me the links").click()
    page.wait_for_load_state()
    message = hub_server.wait_for_email(to=REQUEST_GROUP_CONTACT, subject="Your links to manage")
    page.goto(next(link for link in hub_server.links_in(message) if "/manage/" in link))
    page.get_by_role("button", name="Edit the listing").click()
    page.wait_for_load_state()
    # The listing's own choices are ticked inside closed folds, whose summaries name them.
    folds = page.locator("details.hub-choice-fold").all()
    assert any(each.locator("input:checked").count() for each in folds)
    for each in folds:
        assert each.get_attribute("open") is None
        names = [
            label.split(": ")[-1]
            for label in each.locator("input:checked + label").all_inner_texts()
        ]
        summary = each.locator("summary").inner_text()
        if names:
            assert "(chosen: " in summary
            assert all(name in summary for name in names[:3]), (names, summary)
        else:
            assert "chosen" not in summary
    folded, _unfolded = measure(page, "Save changes", "edit the listing")
    assert folded <= EDIT_LISTING_STOPS


def test_an_error_on_a_folded_list_opens_it_and_the_summary_link_reaches_it(new_context):
    page = new_context().new_page()
    page.goto("/groups/register/")
    organisations = fold(page, "organisations")
    assert organisations.get_attribute("open") is None
    economy = fold(page, "Themes within Economy")
    economy.locator("summary").click()
    page.get_by_label("Economy: GDP", exact=True).check()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.wait_for_load_state()

    summary = page.locator(".govuk-error-summary")
    link = summary.get_by_role(
        "link", name="Select at least one organisation that produces the statistics."
    )
    # The organisations had the error, so their fold is open; the fold holding GDP is closed
    # again, and says GDP is chosen.
    assert organisations.get_attribute("open") is not None
    assert economy.get_attribute("open") is None
    assert economy.locator("summary").inner_text() == "Themes within Economy (chosen: GDP)"
    assert page.get_by_label("Economy: GDP", exact=True).is_checked()
    # The folds that hold nothing chosen and no error stay folded.
    audiences = fold(page, "audiences")
    assert audiences.get_attribute("open") is None
    link.click()
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == "id_producing_organisations"
    assert page.locator("#id_producing_organisations").is_visible()
    assert_accessible_at_every_width(page, "registration form with errors and folded lists")


def test_a_fold_opens_from_the_keyboard_and_says_what_is_chosen(new_context):
    page = new_context().new_page()
    page.goto("/groups/register/")
    summary = page.locator("summary", has_text="Themes within Economy")
    summary.focus()
    page.keyboard.press("Enter")
    gdp = page.get_by_label("Economy: GDP", exact=True)
    assert gdp.is_visible()
    gdp.focus()
    page.keyboard.press("Space")
    assert gdp.is_checked()
