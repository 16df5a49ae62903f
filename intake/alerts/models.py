"""People who follow themes or groups, and how often they want to hear about them."""

import uuid

from django.db import models
from django.utils import timezone


class Follower(models.Model):
    """One email address following themes and groups. Double opt-in: nothing is sent but the
    confirmation until the address is confirmed."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Email not confirmed"
        ACTIVE = "active", "Following"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As it happens"
        WEEKLY = "weekly", "Once a week"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Stored lower-cased by the service, so the constraint is case-insensitive.
    email = models.EmailField(unique=True)
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="followers")
    groups = models.ManyToManyField("intake.UserGroup", blank=True, related_name="followers")
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY, db_index=True
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    consent_given_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # News published after this has not been sent yet.
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "frequency", "id"])]

    def __str__(self):
        return f"Follower {self.public_id} ({self.get_status_display()})"
