"""Helpers for tests that post the public forms and follow the links in the emails they send."""

import re
import time

from django.core import mail

from intake.submissions import spam
from intake.submissions.once import SUBMISSION_FIELD, submission_id_new

LINK = re.compile(r"http://testserver(/[^\s\"<>]+)")


def aged_timestamp(seconds: float = 60, *, submission: str) -> str:
    """A signed form start time far enough in the past to pass the minimum fill time."""
    return spam.timestamp_issue(submission=submission, now=time.time() - seconds)


def rendering(seconds: float = 60) -> dict:
    """The hidden fields of one rendering of a form, shown ``seconds`` ago: its submission id
    and the start time signed for it. One rendering serves one submission."""
    submission = submission_id_new()
    return {
        SUBMISSION_FIELD: submission,
        spam.TIMESTAMP_FIELD: aged_timestamp(seconds, submission=submission),
    }


def links_in(message, *, containing: str = "") -> list[str]:
    """The hub paths linked from an email's plain text body, in order."""
    return [path for path in LINK.findall(message.body) if containing in path]


def emails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


_SUMMARY_LIST = re.compile(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.S)
_SUMMARY_LINK = re.compile(r'<a href="#([^"]*)">(.*?)</a>', re.S)


def error_summary_links(response) -> list[tuple[str, str]]:
    """The error summary's links as (target id, message), in the order a reader meets them."""
    html = response.content.decode()
    match = _SUMMARY_LIST.search(html)
    assert match, "the page shows a GOV.UK error summary"
    return [(target, message.strip()) for target, message in _SUMMARY_LINK.findall(match[1])]


def element_with_id(response, element_id: str) -> tuple[int, str] | None:
    """Where the element with this id starts in the page, and its tag name."""
    html = response.content.decode()
    match = re.search(rf'<(\w+)\b[^>]*\sid="{re.escape(element_id)}"', html)
    return (match.start(), match[1]) if match else None


def assert_error_summary_follows_the_page(response) -> list[tuple[str, str]]:
    """Each summary link lands on an input, select or textarea (which can take focus), and the
    links come in the order their fields appear on the page."""
    links = error_summary_links(response)
    positions = []
    for target, message in links:
        found = element_with_id(response, target)
        assert found, f"{message!r} links to #{target}, which is not on the page"
        assert found[1] in {"input", "select", "textarea"}, (
            f"{message!r} links to a <{found[1]}>, which cannot take focus"
        )
        positions.append(found[0])
    assert positions == sorted(positions), f"the summary is not in page order: {links}"
    return links


def offered_values(response, name: str) -> list[str]:
    """The values a select, checkboxes or radios field offers, in the order of the page."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if select:
        return [value for value in re.findall(r'<option value="([^"]*)"', select[1]) if value]
    return re.findall(rf'name="{name}" type="(?:checkbox|radio)" value="([^"]*)"', html)


def theme_slugs_in_tree_order() -> list[str]:
    """Every theme, each parent followed by the themes below it, each level in the themes' own
    ordering (sort order, then name)."""
    from themes.models import Theme

    themes = list(Theme.objects.all())

    def below(parent_id):
        for theme in themes:
            if theme.parent_id == parent_id:
                yield theme.slug
                yield from below(theme.pk)

    return list(below(None))
