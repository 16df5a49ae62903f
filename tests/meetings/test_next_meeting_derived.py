"""A group's next meeting comes from its meetings only: no form, API, import or admin screen
takes a typed date, and dates typed before that became meetings (or were cleared if past)."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

import pytest

from intake.meetings.models import Meeting
from intake.meetings.services import group_next_meeting_refresh
from intake.models import UserGroup
from tests.intake.factories import UserGroupFactory
from tests.meetings.conftest import manage_path
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "intake.meetings.migrations.0002_typed_next_meetings_become_meetings"
)


def test_no_form_of_the_group_offers_a_next_meeting_date(client, admin_client):
    group = UserGroupFactory()
    for response in (
        client.get("/groups/register/"),
        client.get(manage_path(group) + "edit/"),
        admin_client.get(f"/admin/intake/usergroup/edit/{group.pk}/"),
    ):
        assert response.status_code == 200
        body = response.content.decode()
        assert 'name="name"' in body  # the form itself is there
        assert 'name="next_meeting' not in body
        assert "Date of the next meeting" not in body


def test_without_meetings_there_is_no_next_meeting(db):
    # A value stored before the field was derived, on a group with no meetings.
    group = UserGroupFactory(next_meeting=timezone.now() + timedelta(days=20))
    group_next_meeting_refresh(group_id=group.pk)
    group.refresh_from_db()
    assert group.next_meeting is None


def test_typed_future_dates_become_meetings_and_past_ones_are_cleared(db):
    now = timezone.now()
    future = now + timedelta(days=40)
    typed = UserGroupFactory(name="Typed", next_meeting=future, format="hybrid")
    passed = UserGroupFactory(name="Passed", next_meeting=now - timedelta(days=3))
    with_meetings = UserGroupFactory(name="Has meetings")
    own = MeetingFactory(group=with_meetings, starts_at=now + timedelta(days=9))
    group_next_meeting_refresh(group_id=with_meetings.pk)
    untouched = UserGroupFactory(name="Never set", next_meeting=None)

    migration.typed_dates_to_meetings(apps, None)

    (meeting,) = Meeting.objects.filter(group=typed)
    assert meeting.starts_at == future and meeting.ends_at == future + timedelta(hours=2)
    assert meeting.format == "hybrid" and meeting.status == Meeting.Status.SCHEDULED
    assert "ask the group" in meeting.place and "ask the group" in meeting.joining_instructions
    for group in (typed, passed, with_meetings, untouched):
        group.refresh_from_db()
    assert typed.next_meeting == future  # the date people were shown stays, now a meeting
    assert passed.next_meeting is None and not passed.meetings.exists()
    assert list(with_meetings.meetings.all()) == [own]
    assert with_meetings.next_meeting == own.starts_at
    assert untouched.next_meeting is None and not untouched.meetings.exists()
    # What the refresh derives from the new meeting is the same date.
    group_next_meeting_refresh(group_id=typed.pk)
    typed.refresh_from_db()
    assert typed.next_meeting == future
    assert Meeting.objects.count() == 2 and UserGroup.objects.count() == 4
