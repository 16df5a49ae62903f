"""Search shows and sorts by the next meeting the meetings give, never a date already past."""

from datetime import timedelta

from django.utils import timezone

import pytest

from intake.meetings.services import meeting_create
from intake.models import UserGroup
from tests.intake.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


def _results(client) -> str:
    return client.get("/search/", {"sort": "next_meeting"}).content.decode()


def test_a_past_date_sorts_like_no_date_and_is_not_shown(
    client, django_capture_on_commit_callbacks
):
    soon = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        alpha = UserGroupFactory(name="Alpha users", next_meeting=None)
        bravo = UserGroupFactory(name="Bravo users", next_meeting=None)
        UserGroupFactory(name="Charlie users", next_meeting=None)
        meeting_create(
            group_id=bravo.pk,
            data={
                "starts_at": soon,
                "ends_at": soon + timedelta(hours=1),
                "format": "online",
                "joining_instructions": "https://meet.example/b",
            },
        )
        # Alpha's indexed date is a day old: the index has not caught up yet.
        UserGroup.objects.filter(pk=alpha.pk).update(next_meeting=None)
        alpha.next_meeting = timezone.now() - timedelta(days=1)
        alpha.save()
    bravo.refresh_from_db()
    assert bravo.next_meeting == soon
    html = _results(client)
    positions = {name: html.index(f"{name} users") for name in ("Alpha", "Bravo", "Charlie")}
    assert sorted(positions, key=positions.get) == ["Bravo", "Alpha", "Charlie"]
    assert html.count("Next meeting: <time") == 1
    assert f"{soon:%-d %B %Y}" in html
