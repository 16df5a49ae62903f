"""Meetings over real HTTP: the contact adds, changes and cancels them through the manage link;
the group page, the search "next meeting" and the calendar feeds follow."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

import icalendar
import pytest

from intake.meetings.models import Meeting
from intake.meetings.services import meeting_create, next_meetings_refresh_due
from intake.models import Membership, UserGroup
from tests.intake.factories import MembershipFactory, UserGroupFactory
from tests.meetings.conftest import manage_path
from tests.meetings.factories import MeetingFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")


def _events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def _by_uid(response) -> dict:
    return {str(event["UID"]): event for event in _events(response)}


def _add(client, group, post) -> Meeting:
    response = client.post(manage_path(group) + "meetings/add/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].endswith("?done=meeting_added")
    return Meeting.objects.get(group=group, title=post["title"])


class TestContactAddsAMeeting:
    def test_added_meeting_is_on_the_group_page_in_uk_time(self, client, meeting_post):
        group = UserGroupFactory(name="Rural transport forum")
        meeting = _add(client, group, meeting_post)
        year = int(meeting_post["date_2"])
        # 14:00 in July in the UK is 13:00 UTC (British Summer Time).
        assert meeting.starts_at == datetime(year, 7, 15, 13, 0, tzinfo=ZoneInfo("UTC"))
        assert meeting.ends_at.astimezone(UK).strftime("%H:%M") == "16:30"
        page = client.get(group.get_absolute_url()).content.decode()
        assert "Summer meeting" in page
        assert f"Thursday 15 July {year}, 2pm" in page or f"15 July {year}, 2pm" in page
        assert f"/meetings/{meeting.public_id}.ics" in page  # Add to calendar

    def test_dashboard_lists_it_with_change_and_cancel_links(self, client, meeting_post):
        group = UserGroupFactory()
        meeting = _add(client, group, meeting_post)
        page = client.get(manage_path(group) + "?done=meeting_added").content.decode()
        assert "The meeting is added." in page
        assert f"meetings/{meeting.public_id}/edit/" in page
        assert f"meetings/{meeting.public_id}/cancel/" in page

    def test_next_meeting_comes_from_the_meetings(self, client, meeting_post):
        group = UserGroupFactory(next_meeting=timezone.now() + timedelta(days=400))
        meeting = _add(client, group, meeting_post)
        group.refresh_from_db()
        assert group.next_meeting == meeting.starts_at
        MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=3))
        meeting_create(
            group_id=group.pk,
            data={
                "title": "Sooner",
                "starts_at": timezone.now() + timedelta(days=2),
                "ends_at": timezone.now() + timedelta(days=2, hours=1),
                "format": "online",
                "joining_instructions": "https://meet.example/x",
            },
        )
        group.refresh_from_db()
        assert group.next_meeting == Meeting.objects.get(title="Sooner").starts_at

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"date_0": "31", "date_1": "2"}, "date", "Enter a real date for the meeting"),
            ({"date_0": ""}, "date", "Enter the day of the meeting."),
            ({"start_time": "25:00"}, "start_time", "Enter the time as hours and minutes"),
            ({"end_time": "13:00"}, "end_time", "Enter a finishing time after the start time."),
            ({"format": "zoom"}, "format", "Select whether the meeting is online"),
            ({"place": ""}, "place", "Enter where the meeting is held."),
            ({"joining_instructions": ""}, "joining_instructions", "Enter how to join"),
            ({"papers_url": "not a link"}, "papers_url", "Enter the web address in the correct"),
            ({"date_2": "2099"}, "date", "Enter a date within the next 5 years."),
            ({"title": "x\x00y"}, "title", "must not include hidden characters"),
        ],
    )
    def test_bad_input_is_explained_and_changes_nothing(
        self, client, meeting_post, changes, field, message
    ):
        group = UserGroupFactory()
        response = client.post(manage_path(group) + "meetings/add/", {**meeting_post, **changes})
        assert response.status_code == 200
        page = response.content.decode()
        assert "govuk-error-summary" in page
        assert message in page
        assert not Meeting.objects.exists()

    def test_an_invalid_link_cannot_add_meetings(self, client, meeting_post):
        response = client.post("/manage/not-a-token/meetings/add/", meeting_post)
        assert response.status_code == 404
        assert not Meeting.objects.exists()

    def test_another_groups_meeting_cannot_be_changed(self, client, meeting_post):
        mine, theirs = UserGroupFactory(), UserGroupFactory()
        meeting = MeetingFactory(group=theirs)
        response = client.post(manage_path(mine) + f"meetings/{meeting.public_id}/cancel/", {})
        assert response.status_code == 404
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED


class TestMembersOnlyJoining:
    def test_details_go_to_members_not_to_the_public(
        self, client, meeting_post, django_capture_on_commit_callbacks
    ):
        group = UserGroupFactory()
        MembershipFactory(group=group, email="member@example.org", status=Membership.Status.ACTIVE)
        MembershipFactory(
            group=group, email="waiting@example.org", status=Membership.Status.PENDING
        )
        with django_capture_on_commit_callbacks(execute=True):
            meeting = _add(client, group, {**meeting_post, "joining_members_only": "on"})
        secret = "https://meet.example.gov.uk/summer"
        for path in (
            group.get_absolute_url(),
            meeting.get_absolute_url(),
            f"/meetings/{meeting.public_id}.ics",
            f"/groups/{group.slug}/meetings.ics",
            "/meetings.ics",
        ):
            body = client.get(path).content.decode()
            assert secret not in body, path
        assert (
            "emails the joining details to its members"
            in client.get(meeting.get_absolute_url()).content.decode()
        )
        told = [m for m in mail.outbox if "How to join the meeting" in m.subject]
        assert [m.to for m in told] == [["member@example.org"]]
        assert secret in told[0].body


class TestCalendars:
    def test_meeting_is_in_the_group_theme_parent_theme_and_hub_calendars(
        self, client, meeting_post
    ):
        child = Theme.objects.get(slug="construction-industry")
        parent = child.parent
        other = Theme.objects.get(slug="travel-to-work")
        group = UserGroupFactory(themes=[child])
        meeting = _add(client, group, meeting_post)
        uid = f"{meeting.public_id}@meetings.user-hub"
        for path in (
            f"/groups/{group.slug}/meetings.ics",
            f"/themes/{child.slug}/meetings.ics",
            f"/themes/{parent.slug}/meetings.ics",
            "/meetings.ics",
            f"/meetings/{meeting.public_id}.ics",
        ):
            events = _by_uid(client.get(path))
            assert uid in events, path
            event = events[uid]
            assert event["SEQUENCE"] == 0
            assert str(event["STATUS"]) == "CONFIRMED"
            assert event["DTSTART"].params["TZID"] == "Europe/London"
            assert event["DTSTART"].dt.strftime("%H:%M") == "14:00"
            assert event["DTSTART"].dt == meeting.starts_at
        assert uid not in _by_uid(client.get(f"/themes/{other.slug}/meetings.ics"))

    def test_calendar_carries_the_uk_time_zone(self, client, meeting_post):
        group = UserGroupFactory()
        _add(client, group, meeting_post)
        calendar = icalendar.Calendar.from_ical(
            client.get(f"/groups/{group.slug}/meetings.ics").content
        )
        zones = list(calendar.walk("VTIMEZONE"))
        assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
        offsets = {str(sub["TZNAME"]) for sub in zones[0].subcomponents}
        assert offsets == {"GMT", "BST"}
        assert calendar.subcomponents[0].name == "VTIMEZONE"

    def test_a_change_raises_the_sequence_and_keeps_the_uid(self, client, meeting_post):
        group = UserGroupFactory()
        meeting = _add(client, group, meeting_post)
        response = client.post(
            manage_path(group) + f"meetings/{meeting.public_id}/edit/",
            {**meeting_post, "start_time": "15:00", "end_time": "17:00"},
        )
        assert response["Location"].endswith("?done=meeting_saved")
        event = _by_uid(client.get(f"/groups/{group.slug}/meetings.ics"))[
            f"{meeting.public_id}@meetings.user-hub"
        ]
        assert event["SEQUENCE"] == 1
        assert event["DTSTART"].dt.astimezone(UK).strftime("%H:%M") == "15:00"
        group.refresh_from_db()
        assert group.next_meeting.astimezone(UK).hour == 15

    def test_cancelling_keeps_the_uid_and_marks_the_event_cancelled(self, client, meeting_post):
        group = UserGroupFactory()
        meeting = _add(client, group, meeting_post)
        confirm = client.get(manage_path(group) + f"meetings/{meeting.public_id}/cancel/")
        assert "Cancel Summer meeting?" in confirm.content.decode()
        response = client.post(manage_path(group) + f"meetings/{meeting.public_id}/cancel/")
        assert response["Location"].endswith("?done=meeting_cancelled")
        events = _by_uid(client.get(f"/groups/{group.slug}/meetings.ics"))
        event = events[f"{meeting.public_id}@meetings.user-hub"]
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert len(events) == 1
        group.refresh_from_db()
        assert group.next_meeting is None
        assert "Cancelled" in client.get(group.get_absolute_url()).content.decode()
        # A cancelled meeting can no longer be changed.
        again = client.post(
            manage_path(group) + f"meetings/{meeting.public_id}/edit/", meeting_post
        )
        assert again["Location"].endswith("?done=meeting_cancelled")

    def test_unlisted_groups_have_no_calendar(self, client):
        group = UserGroupFactory(status=UserGroup.Status.PENDING)
        meeting = MeetingFactory(group=group)
        assert client.get(f"/groups/{group.slug}/meetings.ics").status_code == 404
        assert client.get(f"/meetings/{meeting.public_id}.ics").status_code == 404
        assert str(meeting.public_id) not in client.get("/meetings.ics").content.decode()
        assert client.get("/themes/no-such-theme/meetings.ics").status_code == 404


class TestPastMeetings:
    def test_group_page_shows_past_meetings_with_papers_and_minutes(self, client):
        group = UserGroupFactory()
        start = timezone.now() - timedelta(days=30)
        MeetingFactory(
            group=group,
            title="Spring meeting",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            papers_url="https://example.gov.uk/papers.pdf",
            minutes_url="https://example.gov.uk/minutes.pdf",
        )
        MeetingFactory(group=group, title="Autumn meeting")
        page = client.get(group.get_absolute_url()).content.decode()
        upcoming, past = page.split("Past meetings")
        assert "Autumn meeting" in upcoming and "Spring meeting" not in upcoming
        assert "Spring meeting" in past
        assert "https://example.gov.uk/minutes.pdf" in past

    def test_a_past_date_never_counts_as_the_next_meeting(self):
        group = UserGroupFactory()
        start = timezone.now() + timedelta(hours=1)
        meeting = meeting_create(
            group_id=group.pk,
            data={
                "title": "Soon",
                "starts_at": start,
                "ends_at": start + timedelta(hours=1),
                "format": "online",
                "joining_instructions": "https://meet.example/x",
            },
        )
        later = MeetingFactory(group=group, starts_at=start + timedelta(days=90))
        group.refresh_from_db()
        assert group.next_meeting == meeting.starts_at
        assert next_meetings_refresh_due(now=start + timedelta(minutes=1)) == 1
        group.refresh_from_db()
        assert group.next_meeting == later.starts_at

    def test_a_stored_date_in_the_past_is_dropped(self):
        group = UserGroupFactory(next_meeting=timezone.now() + timedelta(days=1))
        assert next_meetings_refresh_due(now=timezone.now() + timedelta(days=2)) == 1
        group.refresh_from_db()
        assert group.next_meeting is None


class TestMeetingsPage:
    def test_lists_upcoming_meetings_filtered_by_theme_organisation_and_format(self, client):
        child = Theme.objects.get(slug="construction-industry")
        building = UserGroupFactory(name="Builders", themes=[child])
        travel = UserGroupFactory(
            name="Travellers", themes=[Theme.objects.get(slug="travel-to-work")]
        )
        MeetingFactory(group=building, title="Bricks", format="in_person", place="Leeds")
        MeetingFactory(group=travel, title="Trains")
        past = timezone.now() - timedelta(days=3)
        MeetingFactory(
            group=travel, title="Old trains", starts_at=past, ends_at=past + timedelta(hours=1)
        )
        cancelled = MeetingFactory(group=travel, title="Dropped", status=Meeting.Status.CANCELLED)
        assert cancelled.is_cancelled

        def titles(query=""):
            page = client.get("/meetings/" + query).content.decode()
            return {t for t in ("Bricks", "Trains", "Old trains", "Dropped") if f">{t}<" in page}

        assert titles() == {"Bricks", "Trains"}
        assert titles(f"?theme={child.parent.slug}") == {"Bricks"}
        assert titles("?format=online") == {"Trains"}
        assert titles("?organisation=ons") == {"Bricks", "Trains"}
        assert titles("?organisation=dft") == set()
        # Unknown values are ignored, never an error.
        response = client.get("/meetings/?theme=nope&format=%00&page=99")
        assert response.status_code == 200
        assert "2 upcoming meetings" in response.content.decode()

    def test_is_paginated(self, client):
        group = UserGroupFactory()
        for day in range(25):
            MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=day + 1))
        first = client.get("/meetings/").content.decode()
        second = client.get("/meetings/?page=2").content.decode()
        assert "25 upcoming meetings" in first
        assert first.count('class="hub-card"') == 20
        assert second.count('class="hub-card"') == 5

    def test_query_count_does_not_grow(self, client, django_assert_max_num_queries):
        group = UserGroupFactory()
        for day in range(15):
            MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=day + 1))
        with django_assert_max_num_queries(12):
            client.get("/meetings/")
        for day in range(15):
            MeetingFactory(
                group=UserGroupFactory(), starts_at=timezone.now() + timedelta(days=day + 1)
            )
        with django_assert_max_num_queries(12):
            client.get("/meetings/")


class TestEditorsAdmin:
    def test_editor_adds_and_cancels_a_meeting_in_the_admin(self, client, django_user_model):
        editor = django_user_model.objects.create_superuser("ed", "ed@example.gov.uk", "pw")
        client.force_login(editor)
        group = UserGroupFactory()
        post = {
            "group": group.pk,
            "title": "Editors' meeting",
            "starts_at": "2030-01-10 10:00",
            "ends_at": "2030-01-10 12:00",
            "format": "online",
            "joining_instructions": "https://meet.example/e",
            "place": "",
            "agenda": "",
            "papers_url": "",
            "minutes_url": "",
            "status": "scheduled",
        }
        response = client.post("/admin/snippets/meetings/meeting/add/", post)
        assert response.status_code == 302, response.content.decode()[:2000]
        meeting = Meeting.objects.get(title="Editors' meeting")
        assert meeting.starts_at.astimezone(UK).hour == 10
        group.refresh_from_db()
        assert group.next_meeting == meeting.starts_at
        bad = client.post(
            f"/admin/snippets/meetings/meeting/edit/{meeting.pk}/",
            {**post, "ends_at": "2030-01-10 09:00"},
        )
        assert bad.status_code == 200
        assert "Enter a finishing time after the start time." in bad.content.decode()
        client.post(
            f"/admin/snippets/meetings/meeting/edit/{meeting.pk}/", {**post, "status": "cancelled"}
        )
        meeting.refresh_from_db()
        assert meeting.is_cancelled and meeting.sequence == 1 and meeting.cancelled_at
        group.refresh_from_db()
        assert group.next_meeting is None


class TestQueryBudgets:
    def _fill(self, groups: int):
        theme = Theme.objects.get(slug="construction-industry")
        for _ in range(groups):
            group = UserGroupFactory(themes=[theme])
            MeetingFactory(group=group)
            past = timezone.now() - timedelta(days=40)
            MeetingFactory(group=group, starts_at=past, ends_at=past + timedelta(hours=1))
        return theme

    @pytest.mark.parametrize(
        "path",
        [
            "/meetings.ics",
            "/themes/business-industry-and-trade/meetings.ics",
            "/feeds/meetings/",
            "/feeds/groups/",
            "/themes/business-industry-and-trade/feeds/meetings/",
            "/themes/construction-industry/",
        ],
    )
    def test_listings_cost_a_fixed_number_of_queries(
        self, client, path, django_assert_max_num_queries
    ):
        self._fill(5)
        with django_assert_max_num_queries(25) as small:
            assert client.get(path).status_code == 200
        self._fill(45)
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert client.get(path).status_code == 200

    def test_group_page_shows_meetings_in_a_fixed_number_of_queries(
        self, client, django_assert_max_num_queries
    ):
        group = UserGroupFactory()
        MeetingFactory(group=group)
        with django_assert_max_num_queries(30) as small:
            client.get(group.get_absolute_url())
        for day in range(20):
            MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=day + 2))
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(group.get_absolute_url())


def test_theme_page_shows_upcoming_meetings_of_groups_under_it(client):
    child = Theme.objects.get(slug="construction-industry")
    MeetingFactory(group=UserGroupFactory(themes=[child]), title="Cement and aggregates")
    page = client.get(child.parent.get_absolute_url()).content.decode()
    assert "Upcoming meetings" in page
    assert "Cement and aggregates" in page
    assert "/themes/business-industry-and-trade/meetings.ics" in page


def test_refresh_next_meetings_command():
    from io import StringIO

    from django.core.management import call_command

    UserGroupFactory(next_meeting=timezone.now() - timedelta(hours=1))
    out = StringIO()
    call_command("refresh_next_meetings", stdout=out)
    assert "Groups whose next meeting moved on: 1" in out.getvalue()
    assert UserGroup.objects.filter(next_meeting__isnull=False).count() == 0


def test_api_lists_upcoming_meetings_without_members_only_details(client):
    child = Theme.objects.get(slug="construction-industry")
    group = UserGroupFactory(name="Builders", themes=[child])
    open_meeting = MeetingFactory(
        group=group, title="Open", joining_instructions="https://a.example/x"
    )
    MeetingFactory(
        group=group,
        title="Closed",
        joining_instructions="https://secret.example/y",
        joining_members_only=True,
        starts_at=timezone.now() + timedelta(days=20),
    )
    MeetingFactory(group=UserGroupFactory(themes=[Theme.objects.get(slug="travel-to-work")]))
    body = client.get("/api/meetings", {"theme": child.parent.slug}).json()
    assert body["count"] == 2
    assert [m["title"] for m in body["results"]] == ["Open", "Closed"]
    first, second = body["results"]
    assert first["id"] == f"{open_meeting.public_id}@meetings.user-hub"
    assert first["joining_instructions"] == "https://a.example/x"
    assert second["joining_instructions"] == "" and second["members_only_joining"] is True
    assert "secret.example" not in str(body)
    assert client.get("/api/meetings", {"format": "nope", "theme": "x" * 500}).status_code == 200
    assert "/api/meetings" in client.get("/api/openapi.json").json()["paths"]
