"""The editors' page for one engagement request: its two forms never touch each other's fields,
and bad input changes nothing."""

from django.urls import reverse

import pytest

from intake.engagement.models import EngagementRequest
from intake.submissions.models import OutboundEmail
from tests.engagement.factories import EngagementRequestFactory

pytestmark = pytest.mark.django_db

SUMMARY = "A user asked for monthly figures."
OUTCOME = "We now publish monthly."


@pytest.fixture
def item():
    """A request already acknowledged, with its 'You said, we did' words saved."""
    return EngagementRequestFactory(
        status="acknowledged",
        response="We have your request.",
        public_summary=SUMMARY,
        public_outcome=OUTCOME,
    )


@pytest.fixture
def page(client, editor, item):
    client.force_login(editor)
    return reverse("engagement_admin:request_update", args=[item.pk])


def record(item) -> tuple:
    """What either form could change, and what moving the request on leaves behind."""
    item = EngagementRequest.objects.get(pk=item.pk)
    return (
        item.status,
        item.response,
        item.public_summary,
        item.public_outcome,
        item.acknowledged_at,
        item.answered_at,
        item.closed_at,
        item.history.count(),
        OutboundEmail.objects.count(),
    )


def field_error(html: str, message: str) -> bool:
    """The message is shown as a Wagtail field error, not only in a banner."""
    return "error-message" in html and message in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"status-response": ""}, "Choose the new status.", id="no status"),
        pytest.param(
            {"status-response": "Some words for the requester."},
            "Choose the new status.",
            id="no status with a message",
        ),
        pytest.param(
            {"status-status": "no-such-status", "status-response": ""},
            "Choose one of the statuses offered.",
            id="unknown status",
        ),
        pytest.param(
            {"status-status": "received", "status-response": ""},
            "Choose one of the statuses offered.",
            id="earlier status",
        ),
        pytest.param(
            {"status-status": "answered", "status-response": "   "},
            "Enter the answer to send to the person who asked.",
            id="answered without a response",
        ),
    ],
)
def test_bad_status_update_shows_the_error_and_changes_nothing(
    client, page, item, data, message, django_capture_on_commit_callbacks
):
    before = record(item)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"action": "update_status", **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, message)
    assert "The request could not be updated. Correct the errors below." in html
    assert "The public summary is saved." not in html
    # The summary form still shows what is stored.
    assert SUMMARY in html and OUTCOME in html
    assert record(item) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            {"summary-public_summary": "x" * 2001, "summary-public_outcome": OUTCOME},
            "must be 2000 characters or fewer.",
            id="summary too long",
        ),
        pytest.param(
            {"summary-public_summary": SUMMARY, "summary-public_outcome": "x" * 2001},
            "must be 2000 characters or fewer.",
            id="outcome too long",
        ),
    ],
)
def test_bad_public_summary_shows_the_error_and_changes_nothing(client, page, item, data, message):
    before = record(item)
    response = client.post(page, {"action": "save_summary", **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, message)
    assert "The public summary could not be saved. Correct the errors below." in html
    assert record(item) == before


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"status-response": ""}, id="status form without its marker"),
        pytest.param({"action": "something-else", "status-status": "closed"}, id="unknown form"),
        pytest.param({}, id="empty post"),
    ],
)
def test_a_post_from_neither_form_changes_nothing(client, page, item, data):
    before = record(item)
    response = client.post(page, data)
    assert response.status_code == 400
    assert "Nothing was saved." in response.content.decode()
    assert record(item) == before


def test_status_form_on_a_closed_request_changes_nothing(client, editor):
    closed = EngagementRequestFactory(status="closed", public_summary=SUMMARY)
    client.force_login(editor)
    url = reverse("engagement_admin:request_update", args=[closed.pk])
    before = record(closed)
    response = client.post(url, {"action": "update_status", "status-status": "closed"})
    assert response.status_code == 400
    assert record(closed) == before


def test_moving_the_request_on_keeps_the_public_summary(
    client, page, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page, {"action": "update_status", "status-status": "in_progress", "status-response": ""}
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"
    assert item.response == "We have your request."
    assert (item.public_summary, item.public_outcome) == (SUMMARY, OUTCOME)


def test_saving_the_public_summary_keeps_the_status(client, page, item):
    before = record(item)
    response = client.post(
        page,
        {
            "action": "save_summary",
            "summary-public_summary": "A user asked for weekly figures.",
            "summary-public_outcome": "",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.public_summary, item.public_outcome) == ("A user asked for weekly figures.", "")
    assert record(item)[:2] == before[:2] and record(item)[4:] == before[4:]


def test_each_form_on_the_page_says_which_it_is(client, page):
    html = client.get(page).content.decode()
    assert html.count('name="action" value="update_status"') == 1
    assert html.count('name="action" value="save_summary"') == 1
