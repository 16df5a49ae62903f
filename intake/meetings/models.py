"""Meetings of the groups on the register."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from intake.models import UserGroup


class MeetingQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Meeting.Status.SCHEDULED)

    def upcoming(self, *, now=None):
        """Scheduled meetings that have not ended yet (a meeting under way still counts)."""
        return self.scheduled().filter(ends_at__gt=now or timezone.now())

    def past(self, *, now=None):
        return self.scheduled().filter(ends_at__lte=now or timezone.now())

    def of_listed_groups(self):
        return self.filter(group__status=UserGroup.Status.LISTED)


class Meeting(models.Model):
    """One meeting of a group. Times are stored in UTC and shown in UK time."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Going ahead"
        CANCELLED = "cancelled", "Cancelled"

    Format = UserGroup.Format

    # The calendar UID is built from this, so it never changes once the meeting exists.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty to call it a meeting of the group.",
    )
    starts_at = models.DateTimeField("starts", db_index=True)
    ends_at = models.DateTimeField("ends")
    format = models.CharField(max_length=20, choices=UserGroup.Format.choices)
    place = models.TextField(
        "where it is held", blank=True, help_text="The address, for meetings in person or hybrid."
    )
    joining_instructions = models.TextField(
        "how to join",
        blank=True,
        help_text="The link or dial-in details, for meetings online or hybrid.",
    )
    joining_members_only = models.BooleanField(
        "show the joining details only to members",
        default=False,
        help_text="Members get them by email; the public page says to ask the group.",
    )
    agenda = models.TextField(blank=True)
    papers_url = models.URLField("link to the papers", blank=True, max_length=500)
    minutes_url = models.URLField("link to the minutes", blank=True, max_length=500)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    # iCalendar SEQUENCE: raised on every change so calendar programs apply the new version.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()

    panels = [
        FieldPanel("group"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When (UK time)"),
        FieldPanel("format"),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("joining_instructions"),
                FieldPanel("joining_members_only"),
            ],
            heading="Where and how to join",
        ),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [FieldPanel("papers_url"), FieldPanel("minutes_url")], heading="After the meeting"
        ),
        FieldPanel("status"),
    ]

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["group", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meetings_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.display_title} ({timezone.localtime(self.starts_at):%d %b %Y})"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"public_id": self.public_id})

    @property
    def display_title(self) -> str:
        return self.title or f"Meeting of {self.group.name}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def public_joining_instructions(self) -> str:
        return "" if self.joining_members_only else self.joining_instructions

    def group_display(self) -> str:
        return self.group.name

    group_display.short_description = "Group"
