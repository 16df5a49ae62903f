"""Writes for meetings: adding, changing and cancelling them, and keeping each group's
"next meeting" (what search shows and sorts by) equal to its first upcoming meeting."""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intake.alerts.services import alerts_on_news
from intake.links import leave_link
from intake.meetings.models import Meeting
from intake.models import Membership, UserGroup
from intake.submissions.emails import email_queue
from intake.submissions.tokens import absolute_url

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "format",
    "place",
    "joining_instructions",
    "joining_members_only",
    "agenda",
    "papers_url",
    "minutes_url",
)
# Changes to these make calendar programs replace the event (a new SEQUENCE).
CALENDAR_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "format",
    "place",
    "joining_instructions",
    "joining_members_only",
    "agenda",
)
# The earliest and latest a meeting can be entered, so a typing slip is refused, not stored.
_EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(0))
_LONGEST = timedelta(days=7)


def meeting_validate(*, data: dict, existing: Meeting | None = None) -> None:
    """Refuse a meeting that cannot be right, with a message against each field."""
    errors: dict[str, str] = {}
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and starts < _EARLIEST:
        errors["starts_at"] = "Enter a date after 1 January 2000."
    elif starts and starts > timezone.now() + timedelta(days=366 * 5):
        errors["starts_at"] = "Enter a date within the next 5 years."
    if existing is None and starts and starts < timezone.now() - timedelta(days=366):
        errors["starts_at"] = "Enter a date within the last year or in the future."
    if starts and ends and ends <= starts:
        errors["ends_at"] = "Enter a finishing time after the start time."
    elif starts and ends and ends - starts > _LONGEST:
        errors["ends_at"] = "Enter a finishing time within 7 days of the start."
    fmt = data.get("format")
    if fmt and fmt not in UserGroup.Format.values:
        errors["format"] = "Select whether the meeting is online, in person or hybrid."
    if (
        fmt in (UserGroup.Format.IN_PERSON, UserGroup.Format.HYBRID)
        and not (data.get("place") or "").strip()
    ):
        errors["place"] = "Enter where the meeting is held."
    if (
        fmt in (UserGroup.Format.ONLINE, UserGroup.Format.HYBRID)
        and not (data.get("joining_instructions") or "").strip()
    ):
        errors["joining_instructions"] = "Enter how to join the meeting online."
    if errors:
        raise ValidationError(errors)


def group_next_meeting_refresh(*, group_id: int, now: datetime | None = None) -> None:
    """Set the group's next meeting to its first upcoming meeting, or none.

    This is the only writer of ``UserGroup.next_meeting``: no form, API, import or admin
    screen takes a typed date, so what is shown and sorted on is always a real meeting.
    """
    now = now or timezone.now()
    group = UserGroup.objects.select_for_update().filter(pk=group_id).first()
    if group is None:
        return
    first = (
        Meeting.objects.filter(group_id=group_id)
        .scheduled()
        .filter(starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    next_meeting = first.starts_at if first else None
    if next_meeting != group.next_meeting:
        group.next_meeting = next_meeting
        # Saved (not updated) so the search app reindexes the group after commit.
        group.save(update_fields=["next_meeting", "updated_at"])


def next_meetings_refresh_due(*, now: datetime | None = None) -> int:
    """Roll every group whose next meeting has passed on to its following meeting."""
    now = now or timezone.now()
    ids = list(UserGroup.objects.filter(next_meeting__lte=now).values_list("pk", flat=True))
    for group_id in ids:
        with transaction.atomic():
            group_next_meeting_refresh(group_id=group_id, now=now)
    return len(ids)


def _members_told_joining(meeting: Meeting) -> None:
    """Members-only joining details go to the group's members by email instead of the page."""
    if not (meeting.joining_members_only and meeting.joining_instructions):
        return
    members = Membership.objects.filter(group_id=meeting.group_id, status=Membership.Status.ACTIVE)
    for member in members.iterator(chunk_size=500):
        email_queue(
            to=[member.email],
            template="meetings/members_joining",
            subject=f"How to join the meeting of {meeting.group.name}",
            context={
                "name": member.name,
                "group": meeting.group,
                "meeting": meeting,
                "meeting_url": absolute_url(meeting.get_absolute_url()),
                "leave_url": leave_link(membership=member),
            },
        )


def meeting_create(*, group_id: int, data: dict) -> Meeting:
    """Add a meeting to a group."""
    meeting_validate(data=data)
    with transaction.atomic():
        group = UserGroup.objects.select_for_update().get(pk=group_id)
        meeting = Meeting(
            group=group, **{name: data[name] for name in EDITABLE_FIELDS if name in data}
        )
        meeting.full_clean(exclude=["group"])
        meeting.save()
        group_next_meeting_refresh(group_id=group.pk)
        _members_told_joining(meeting)
        alerts_on_news()
    logger.info("meeting added", extra={"meeting_id": meeting.pk, "group_id": group_id})
    return meeting


def meeting_update(*, meeting_id: int, data: dict) -> Meeting:
    """Change a meeting; a change calendars show raises its sequence."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting_id)
        if meeting.is_cancelled:
            raise ValidationError("This meeting is cancelled and can no longer be changed.")
        meeting_validate(
            data={**{n: getattr(meeting, n) for n in EDITABLE_FIELDS}, **data}, existing=meeting
        )
        changed = [n for n in EDITABLE_FIELDS if n in data and data[n] != getattr(meeting, n)]
        if not changed:
            return meeting
        for name in changed:
            setattr(meeting, name, data[name])
        if any(name in CALENDAR_FIELDS for name in changed):
            meeting.sequence += 1
        meeting.full_clean(exclude=["group"])
        meeting.save()
        group_next_meeting_refresh(group_id=meeting.group_id)
        if {"joining_instructions", "joining_members_only", "starts_at"} & set(changed):
            _members_told_joining(meeting)
    logger.info("meeting changed", extra={"meeting_id": meeting_id, "fields": changed})
    return meeting


def meeting_cancel(*, meeting_id: int) -> Meeting:
    """Cancel a meeting. It keeps its calendar UID so calendar programs remove the event."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        if meeting.is_cancelled:
            return meeting
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.sequence += 1
        meeting.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
        group_next_meeting_refresh(group_id=meeting.group_id)
    logger.info("meeting cancelled", extra={"meeting_id": meeting_id})
    return meeting


def meeting_saved_by_editor(*, meeting_id: int, created: bool) -> None:
    """After an editor saved a meeting in the admin: a new sequence and the group's next
    meeting (the admin form saves the row itself)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        updates = {}
        if not created:
            updates["sequence"] = meeting.sequence + 1
        if meeting.is_cancelled and meeting.cancelled_at is None:
            updates["cancelled_at"] = timezone.now()
        if updates:
            Meeting.objects.filter(pk=meeting_id).update(**updates)
        group_next_meeting_refresh(group_id=meeting.group_id)
        if created:
            alerts_on_news()


def meeting_deleted_by_editor(*, group_id: int) -> None:
    with transaction.atomic():
        group_next_meeting_refresh(group_id=group_id)
