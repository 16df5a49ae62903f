"""A group's next meeting is now derived from its meetings. A date typed in before that, still
in the future, on a group that has added no meetings, becomes a meeting of the group (so the
date people were shown stays, now with a calendar entry the contact can correct or cancel
through the manage link); a typed date already past is cleared, as it was never upcoming."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

# The typed date had no length or place: a meeting needs an end, and says what is not known.
LENGTH = timedelta(hours=2)
NOT_GIVEN = "Not given yet: ask the group (see how to join on the group's page)."


def typed_dates_to_meetings(apps, schema_editor):
    UserGroup = apps.get_model("intake", "UserGroup")
    Meeting = apps.get_model("meetings", "Meeting")
    now = timezone.now()
    with_meetings = Meeting.objects.values("group_id")
    typed = UserGroup.objects.filter(next_meeting__isnull=False).exclude(id__in=with_meetings)
    UserGroup.objects.filter(id__in=typed.filter(next_meeting__lte=now).values("id")).update(
        next_meeting=None
    )
    for group in typed.filter(next_meeting__gt=now).iterator(chunk_size=500):
        Meeting.objects.create(
            group_id=group.id,
            starts_at=group.next_meeting,
            ends_at=group.next_meeting + LENGTH,
            format=group.format,
            place=NOT_GIVEN if group.format in ("in_person", "hybrid") else "",
            joining_instructions=NOT_GIVEN if group.format in ("online", "hybrid") else "",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_meetings"),
        ("intake", "0011_next_meeting_derived"),
    ]

    operations = [migrations.RunPython(typed_dates_to_meetings, migrations.RunPython.noop)]
