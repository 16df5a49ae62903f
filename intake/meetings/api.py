"""Meetings in the hub's JSON API: the upcoming meetings the public meetings page lists."""

from datetime import datetime

from ninja import Field, Router, Schema

from cms.api_schemas import page_schema
from cms.pagination import api_page
from intake.meetings import selectors
from intake.meetings.calendars import meeting_uid
from intake.meetings.forms import MeetingFilterForm
from intake.meetings.models import Meeting

router = Router()


class MeetingOut(Schema):
    id: str = Field(description="The calendar UID, stable for the life of the meeting.")
    url: str
    calendar_url: str
    title: str
    group: str
    group_url: str
    starts_at: datetime
    ends_at: datetime
    format: str
    place: str
    joining_instructions: str = Field(description="Empty when only members get them.")
    members_only_joining: bool
    agenda: str
    papers_url: str
    minutes_url: str
    status: str
    sequence: int


MeetingPage = page_schema("MeetingPage", MeetingOut)


def meeting_public_dict(meeting: Meeting) -> dict:
    """What anyone may know about a meeting (members-only joining details left out)."""
    return {
        "id": meeting_uid(meeting),
        "url": meeting.get_absolute_url(),
        "calendar_url": f"/meetings/{meeting.public_id}.ics",
        "title": meeting.display_title,
        "group": meeting.group.name,
        "group_url": meeting.group.get_absolute_url(),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "format": meeting.format,
        "place": meeting.place,
        "joining_instructions": meeting.public_joining_instructions,
        "members_only_joining": meeting.joining_members_only,
        "agenda": meeting.agenda,
        "papers_url": meeting.papers_url,
        "minutes_url": meeting.minutes_url,
        "status": meeting.status,
        "sequence": meeting.sequence,
    }


@router.get("/meetings", response=MeetingPage, summary="Upcoming meetings")
def meeting_list(
    request,
    theme: str | None = None,
    organisation: str | None = None,
    format: str | None = None,
    page: int = 1,
):
    """Upcoming meetings of every listed group, soonest first, 20 a page; ``theme`` includes
    the themes below it. Unknown filter values are ignored, as on the page."""
    query = {
        k: v[:120]
        for k, v in (("theme", theme), ("organisation", organisation), ("format", format))
        if v
    }
    filters = MeetingFilterForm(query).filters()
    meetings = selectors.meeting_upcoming_list(**filters)
    return api_page(meetings, number=page, item=meeting_public_dict)
