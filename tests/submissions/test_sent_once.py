"""A double click or a resubmit of any form stores one record, sends one email and shows the
same confirmation."""

import re

from django.core import mail

import pytest

from intake.models import UserGroup
from intake.submissions import spam
from intake.submissions.once import SUBMISSION_FIELD

pytestmark = pytest.mark.django_db

FORMS = [
    "/groups/register/",
    "/manage/",
    "/request-engagement/",
    "/share-a-success/",
    "/become-a-champion/",
    "/follow/",
]


def _submission_id(html: str) -> str:
    found = re.search(rf'name="{SUBMISSION_FIELD}"\s+value="([0-9a-f]{{32}})"', html)
    assert found, "the form carries a submission id"
    return found[1]


@pytest.fixture
def shown(client, settings):
    """The hidden fields of a fresh rendering of the registration form, sendable at once."""
    settings.INTAKE_MIN_FILL_SECONDS = settings.INTAKE_SUSPICIOUS_FILL_SECONDS = 0

    def rendering() -> dict:
        html = client.get("/groups/register/").content.decode()
        stamp = re.search(rf'name="{spam.TIMESTAMP_FIELD}"\s+value="([^"]+)"', html)
        return {SUBMISSION_FIELD: _submission_id(html), spam.TIMESTAMP_FIELD: stamp[1]}

    return rendering


@pytest.mark.parametrize("path", FORMS)
def test_every_form_carries_a_fresh_submission_id_each_time(client, path):
    first, second = client.get(path), client.get(path)
    assert first.status_code == 200
    assert _submission_id(first.content.decode()) != _submission_id(second.content.decode())


def test_a_double_click_stores_one_registration_and_sends_one_email(
    client, group_post, shown, django_capture_on_commit_callbacks
):
    group_post.update(shown())
    group_post["carry_on"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post("/groups/register/", group_post) for _ in range(3)]
    assert {r.status_code for r in responses} == {302}
    assert len({r["Location"] for r in responses}) == 1, "the same confirmation each time"
    assert UserGroup.objects.filter(name=group_post["name"]).count() == 1
    assert len(mail.outbox) == 1


def test_a_form_sent_with_errors_then_corrected_goes_through(client, group_post, shown):
    group_post.update(shown())
    broken = {**group_post, "name": ""}
    assert client.post("/groups/register/", broken).status_code == 200
    assert client.post("/groups/register/", {**group_post, "carry_on": "1"}).status_code == 302
    assert UserGroup.objects.filter(name=group_post["name"]).count() == 1


def test_two_renderings_are_two_submissions(client, group_post, shown):
    for n in range(2):
        data = {**group_post, "carry_on": "1", "name": f"Plover statistics forum {n}"}
        data.update(shown())
        assert client.post("/groups/register/", data).status_code == 302
    assert UserGroup.objects.filter(name__startswith="Plover statistics forum").count() == 2
