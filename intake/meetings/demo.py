"""Demo meetings for the demo groups: each group's next meeting, and for every other group one
past meeting. Safe to run twice."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from intake.demo import DEMO_GROUPS, demo_next_meeting
from intake.meetings.models import Meeting
from intake.meetings.services import group_next_meeting_refresh
from intake.models import UserGroup

_PLACE = "1 Drummond Gate, London SW1V 2QQ"
_ONLINE = "Join on Microsoft Teams: the link is sent to members a week before."


def load_demo_meetings(*, stdout=None) -> int:
    created = 0
    days = {spec["name"]: spec["days"] for spec in DEMO_GROUPS}
    with transaction.atomic():
        groups = UserGroup.objects.filter(
            status=UserGroup.Status.LISTED, privacy_notice_version="demo"
        ).order_by("name")
        for index, group in enumerate(groups):
            if group.meetings.exists() or group.name not in days:
                continue
            start = demo_next_meeting(days[group.name])
            Meeting.objects.create(
                group=group,
                title="",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                format=group.format,
                place=_PLACE if group.format != UserGroup.Format.ONLINE else "",
                joining_instructions=_ONLINE if group.format != UserGroup.Format.IN_PERSON else "",
                agenda="1. Welcome and minutes of the last meeting\n2. Recent releases\n"
                "3. Plans for the coming year\n4. Any other business",
            )
            created += 1
            if index % 2 == 0:
                past = timezone.now() - timedelta(days=120 + index)
                Meeting.objects.create(
                    group=group,
                    title="",
                    starts_at=past,
                    ends_at=past + timedelta(hours=2),
                    format=group.format,
                    place=_PLACE if group.format != UserGroup.Format.ONLINE else "",
                    joining_instructions=_ONLINE
                    if group.format != UserGroup.Format.IN_PERSON
                    else "",
                )
                created += 1
            group_next_meeting_refresh(group_id=group.pk)
    if stdout is not None:
        stdout.write(f"Demo meetings: {created} created.")
    return created
