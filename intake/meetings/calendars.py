"""iCalendar feeds of meetings (RFC 5545), built with ``icalendar``.

Each meeting is one VEVENT whose UID never changes; every change raises SEQUENCE, and a
cancellation keeps the UID with STATUS:CANCELLED, so calendar programs that subscribed to a feed
update or remove the event instead of adding a second one. Times are written in UK time with a
VTIMEZONE for Europe/London, which Outlook, Google Calendar and Apple Calendar all import.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

import icalendar

from intake.meetings.models import Meeting
from intake.submissions.tokens import absolute_url

UK = ZoneInfo("Europe/London")
UID_DOMAIN = "meetings.user-hub"
PRODID = "-//USER hub//Group meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.public_id}@{UID_DOMAIN}"


def _description(meeting: Meeting) -> str:
    parts = [f"{meeting.group.name}: {absolute_url(meeting.group.get_absolute_url())}"]
    if meeting.joining_members_only and meeting.joining_instructions:
        parts.append("Members receive the joining details by email.")
    elif meeting.joining_instructions:
        parts.append(f"How to join:\n{meeting.joining_instructions}")
    if meeting.agenda:
        parts.append(f"Agenda:\n{meeting.agenda}")
    if meeting.papers_url:
        parts.append(f"Papers: {meeting.papers_url}")
    if meeting.minutes_url:
        parts.append(f"Minutes: {meeting.minutes_url}")
    return "\n\n".join(parts)


def meeting_event(meeting: Meeting) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at.astimezone(UK))
    event.add("dtend", meeting.ends_at.astimezone(UK))
    event.add("summary", meeting.display_title)
    event.add("description", _description(meeting))
    event.add("url", absolute_url(meeting.get_absolute_url()))
    location = meeting.place or (
        meeting.public_joining_instructions.splitlines()[0]
        if meeting.public_joining_instructions
        else ""
    )
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    return event


def calendar_build(*, meetings: list[Meeting], name: str) -> bytes:
    """One calendar holding these meetings, with the UK time zone they are written in."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{name} ({settings.WAGTAIL_SITE_NAME})")
    calendar.add("x-wr-timezone", "Europe/London")
    # Calendar programs refresh subscribed feeds roughly this often.
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    today = timezone.localdate()
    years = [m.starts_at.astimezone(UK).year for m in meetings] or [today.year]
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            "Europe/London",
            first_date=date(min(years) - 1, 1, 1),
            last_date=date(max(years) + 2, 1, 1),
        )
    )
    # The time zone first, as some programs expect.
    calendar.subcomponents.sort(key=lambda c: 0 if c.name == "VTIMEZONE" else 1)
    return calendar.to_ical()


def calendar_response(*, meetings: list[Meeting], name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        calendar_build(meetings=meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
