"""The group register and everything people submit through the hub's forms."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone


class Audience(models.Model):
    """Whom a group serves (from GSS guidance on whom to engage)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Region(models.Model):
    """A nation or English region a group covers."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class UserGroup(models.Model):
    """A user group or forum on the register."""

    class Membership(models.TextChoices):
        OPEN = "open", "Open to all"
        REQUEST = "request", "Request to join"
        INVITATION = "invitation", "Invitation only"

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"
        HYBRID = "hybrid", "Hybrid"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Every three months"
        TWICE_YEARLY = "twice_yearly", "Twice a year"
        YEARLY = "yearly", "Once a year"
        AD_HOC = "ad_hoc", "When needed"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        LISTED = "listed", "Listed"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        REJECTED = "rejected", "Rejected"
        ARCHIVED = "archived", "Archived"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(max_length=300, help_text="One sentence shown in search results.")
    description = models.TextField()
    themes = models.ManyToManyField("themes.Theme", related_name="groups")
    producing_organisations = models.ManyToManyField(
        "cms.Organisation", related_name="produced_groups"
    )
    administering_body = models.ForeignKey(
        "cms.Organisation", on_delete=models.PROTECT, related_name="administered_groups"
    )
    membership = models.CharField(max_length=20, choices=Membership.choices)
    how_to_join = models.TextField(blank=True)
    meeting_frequency = models.CharField(max_length=20, choices=Frequency.choices)
    format = models.CharField(max_length=20, choices=Format.choices)
    regions = models.ManyToManyField(Region, related_name="groups")
    audiences = models.ManyToManyField(Audience, related_name="groups")
    website = models.URLField(blank=True)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    contact_email_public = models.BooleanField(default=False)
    next_meeting = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    last_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("intake:group_detail", kwargs={"slug": self.slug})

    @property
    def is_listed(self) -> bool:
        return self.status == self.Status.LISTED

    @property
    def public_contact_email(self) -> str:
        return self.contact_email if self.contact_email_public else ""
