"""What the browser tests share: the running hub, its sent emails, axe-core, and a journey driver
that works the page with a pointer, with the keyboard alone, or at a 320 px wide viewport."""

import email
import email.policy
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Page

REPO_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"
AXE_PATH = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA (axe has no separate wcag22a tag); colour contrast is in wcag2aa.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROW_WIDTH = 320
# The widths axe checks every page and form state at: the smallest phone, a common phone, a tablet
# and a laptop (WCAG 2.2 target size and reflow bite at the narrow ones).
AXE_WIDTHS = (320, 375, 768, 1280)
EMAIL_SEPARATOR = "-" * 79

OPEN_GROUP = "/groups/health-and-social-care-statistics-users-forum/"
REQUEST_GROUP = "/groups/consumer-prices-advisory-panel-for-users/"
REQUEST_GROUP_CONTACT = "prices.users@ons.example.gov.uk"
INVITATION_GROUP = "/groups/welsh-housing-statistics-forum/"

# One of each public page type (and each listing with its filters), by the URL a user would
# bookmark. The demo content provides them.
PUBLIC_PAGES = {
    "home": "/",
    "strategy": "/strategy/",
    "top tips": "/top-tips/",
    "case-study index": "/case-studies/",
    "case-study index filtered by theme and goal": "/case-studies/?theme=economy&goal=collaborate",
    "case study": "/case-studies/household-costs-with-users/",
    "champions": "/champions/",
    "champions filtered": "/champions/?organisation=ons&theme=economy",
    "update index": "/updates/",
    "update": "/updates/producer-survey-findings/",
    "standard page": "/about/",
    "accessibility statement": "/accessibility/",
    "privacy notice": "/privacy/",
    "theme index": "/themes/",
    "theme (top level)": "/themes/economy/",
    "theme (second level)": "/themes/construction-industry/",
    "group directory": "/groups/",
    "group directory by theme": "/groups/?theme=health-and-social-care",
    "group page (open)": OPEN_GROUP,
    "group page (request to join)": REQUEST_GROUP,
    "group page (invitation only)": INVITATION_GROUP,
    "join page of an invitation-only group": INVITATION_GROUP + "join/",
    "search": "/search/",
    "search with query and three filters": (
        "/search/?q=statistics&theme=economy&membership=open&format=online&sort=name"
    ),
    "search with no results": "/search/?q=zzqxj+nothing+matches&theme=census",
    "search: guidance and updates": "/search/?q=health&show=pages",
    "search: no groups, some pages": "/search/?q=top+tips",
    "you said, we did": "/you-said-we-did/",
}


@dataclass(frozen=True)
class HubServer:
    """The running hub: where it answers and where its emails land."""

    base_url: str
    email_dir: Path
    env: dict
    log_path: Path
    editor_username: str
    editor_password: str
    commands: frozenset = field(default_factory=frozenset)

    def url(self, path: str) -> str:
        return self.base_url + path

    def emails(self) -> list[EmailMessage]:
        """Every email the hub has sent so far, oldest first."""
        messages = []
        for path in sorted(self.email_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
            for chunk in path.read_bytes().split(EMAIL_SEPARATOR.encode()):
                if chunk.strip():
                    messages.append(
                        email.message_from_bytes(chunk.strip() + b"\n", policy=email.policy.default)
                    )
        return messages

    def wait_for_email(self, *, to: str, subject: str = "", timeout: float = 10) -> EmailMessage:
        """The newest email sent to ``to`` whose subject contains ``subject``."""
        deadline = time.monotonic() + timeout
        while True:
            found = [
                message
                for message in self.emails()
                if to.lower() in str(message["To"]).lower()
                and subject.lower() in str(message["Subject"]).lower()
            ]
            if found:
                return found[-1]
            if time.monotonic() > deadline:
                sent = [(str(m["To"]), str(m["Subject"])) for m in self.emails()]
                pytest.fail(f"No email to {to} with {subject!r} in the subject; sent: {sent}")
            time.sleep(0.1)

    def links_in(self, message: EmailMessage) -> list[str]:
        """Links to the hub in the plain-text body of an email."""
        body = message.get_body(preferencelist=("plain", "html")).get_content()
        return re.findall(re.escape(self.base_url) + r"/[^\s\"'<>]*", body)

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database."""
        result = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", *args],
            cwd=REPO_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout


def save_screenshot(target, path: Path) -> None:
    """Save what a person would see, for the record: a page whole (to the end of its scroll) or
    one element (a locator). No test compares them, so JPEG, which takes about half the time of
    PNG for a whole page."""
    path = path.with_suffix(".jpg")
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"full_page": True} if isinstance(target, Page) else {}
    target.screenshot(path=path, type="jpeg", quality=80, **options)


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page at WCAG 2.2 A and AA and return its violations.

    The site's CSP forbids inline script, so axe is evaluated through the DevTools protocol
    (which the CSP does not govern) rather than added as a <script> element.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "),
                    html: n.html.slice(0, 200),
                    summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    {node['target']}    {node['html']}")
    return "\n".join(lines)


def assert_accessible(page, what: str = "") -> None:
    """Fail with the rule ids and the elements when axe finds any WCAG 2.2 A/AA violation."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"axe-core found WCAG 2.2 A/AA violations on {what or page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )


def assert_accessible_at_every_width(page, what: str = "") -> None:
    """``assert_accessible`` at each of ``AXE_WIDTHS``, then back to the page's own width."""
    original = page.viewport_size or {"width": 1024, "height": 768}
    try:
        for width in AXE_WIDTHS:
            page.set_viewport_size({"width": width, "height": original["height"]})
            assert_accessible(page, f"{what or page.url} at {width} px")
    finally:
        page.set_viewport_size(original)


def assert_no_horizontal_scroll(page, what: str = "") -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW_WIDTH, (
        f"{what or page.url} scrolls sideways at {NARROW_WIDTH} px: content is {width} px wide"
    )


# Whether the focused element shows a focus indicator: an outline or a shadow on the element, or,
# for GOV.UK radios and checkboxes (whose input is transparent), on its label's ::before box.
FOCUS_VISIBLE_JS = """(el) => {
    const shows = (style) => style && (
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
            && style.outlineColor !== 'rgba(0, 0, 0, 0)' && style.outlineColor !== 'transparent')
        || (style.boxShadow && style.boxShadow !== 'none'));
    if (shows(getComputedStyle(el))) return true;
    if (el.type === 'checkbox' || el.type === 'radio') {
        const label = el.labels && el.labels[0];
        return !!label && shows(getComputedStyle(label, '::before'));
    }
    return false;
}"""


class Journey:
    """Drive a page as a person would, in one of three ways.

    ``pointer``: clicks and typing at a desktop width, axe-core run at every step at every one
    of ``AXE_WIDTHS``.
    ``keyboard``: the keyboard alone: Tab to each control, then Enter, Space, arrows or typing.
    ``narrow``: clicks and typing at 320 px wide; no step may scroll sideways.
    """

    MODES = ("pointer", "keyboard", "narrow")
    MAX_TABS = 200

    def __init__(self, *, page, name: str, mode: str, axe: bool | None = None):
        assert mode in self.MODES
        self.page = page
        self.name = name
        self.mode = mode
        self.axe = (mode == "pointer") if axe is None else axe
        self.steps = 0
        self.folder = SCREENSHOTS_DIR / f"{name}-{mode}"
        self.folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def viewport(cls, mode: str) -> dict:
        if mode == "narrow":
            return {"width": NARROW_WIDTH, "height": 640}
        return {"width": 1024, "height": 768}

    # Steps ------------------------------------------------------------------------------------

    def step(self, label: str) -> None:
        """Record a step: a screenshot, and the checks every step must pass."""
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        save_screenshot(self.page, self.folder / f"{self.steps:02d}-{slug}")
        what = f"step {self.steps} ({label}) of {self.name} [{self.mode}] at {self.page.url}"
        if self.mode == "narrow":
            assert_no_horizontal_scroll(self.page, what)
        if self.axe:
            assert_accessible_at_every_width(self.page, what)

    # Actions ----------------------------------------------------------------------------------

    def tab_to(self, locator) -> None:
        """Press Tab until ``locator`` has the focus; fail if it cannot be reached, or if the
        focus cannot be seen on it (WCAG 2.4.7)."""
        locator.wait_for(state="attached")
        self._tab_until("(el) => document.activeElement === el", locator.element_handle(), locator)
        assert locator.evaluate(FOCUS_VISIBLE_JS), (
            f"The keyboard focus on {locator} is not visible."
        )

    def _tab_until(self, predicate: str, arg, what) -> None:
        for _ in range(self.MAX_TABS):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(predicate, arg):
                return
        pytest.fail(f"Could not reach {what} with the Tab key in {self.MAX_TABS} presses.")

    def _reveal(self, locator) -> None:
        """At narrow widths the header navigation hides behind its Menu button."""
        if locator.is_visible():
            return
        menu = self.page.locator(".govuk-js-header-toggle")
        if menu.count() and menu.is_visible():
            menu.click()

    def click(self, locator, *, navigates: bool = True) -> None:
        """Follow a link or press a button (which loads a new page unless told otherwise)."""
        if self.mode == "keyboard":
            self.tab_to(locator)
            if navigates:
                with self.page.expect_navigation():
                    self.page.keyboard.press("Enter")
            else:
                self.page.keyboard.press("Enter")
        else:
            self._reveal(locator)
            if navigates:
                with self.page.expect_navigation():
                    locator.click()
            else:
                locator.click()
        self.page.wait_for_load_state()

    def fill(self, locator, text: str) -> None:
        if self.mode == "keyboard":
            self.tab_to(locator)
            self.page.keyboard.press("ControlOrMeta+A")
            self.page.keyboard.type(text)
        else:
            locator.fill(text)

    def unfold(self, summary: str) -> None:
        """Open a folded list of choices (a details element) by its summary's words."""
        fold = self.page.locator("details", has=self.page.locator("summary", has_text=summary))
        if fold.get_attribute("open") is None:
            self.click(fold.locator("summary").first, navigates=False)

    def check(self, locator) -> None:
        """Tick a checkbox."""
        if self.mode == "keyboard":
            self.tab_to(locator)
            if not locator.is_checked():
                self.page.keyboard.press("Space")
        else:
            locator.check()
        assert locator.is_checked()

    def choose(self, locator) -> None:
        """Choose a radio button: with the keyboard, Tab into its group then use the arrows."""
        if self.mode != "keyboard":
            locator.check()
            assert locator.is_checked()
            return
        name = locator.get_attribute("name")
        self._tab_until(
            "(name) => document.activeElement?.type === 'radio'"
            " && document.activeElement.name === name",
            name,
            f"the radio group {name!r}",
        )
        for _ in range(self.page.locator(f'input[type="radio"][name="{name}"]').count()):
            if locator.evaluate("(el) => document.activeElement === el"):
                break
            self.page.keyboard.press("ArrowDown")
        self.page.keyboard.press("Space")
        assert locator.is_checked()

    def select(self, locator, label: str) -> None:
        """Choose an option of a <select> by its visible text."""
        if self.mode != "keyboard":
            locator.select_option(label=label)
            return
        self.tab_to(locator)
        options = locator.evaluate("(el) => Array.from(el.options).map((o) => o.text.trim())")
        wanted = options.index(label)
        current = locator.evaluate("(el) => el.selectedIndex")
        key = "ArrowDown" if wanted > current else "ArrowUp"
        for _ in range(abs(wanted - current)):
            self.page.keyboard.press(key)
        assert locator.evaluate("(el) => el.options[el.selectedIndex].text.trim()") == label
