"""The group register and everything people submit through the hub's forms."""

import uuid

from django.conf import settings
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
    """A nation or English region a group covers. Places nest (the United Kingdom, its
    nations, England's regions): a group covering a place serves every place within it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(default=0)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The place this one lies within, for example England for London.",
    )

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
    # Registrations wait here until the contact clicks the link in the verification email;
    # only verified registrations reach the moderation queue.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    privacy_notice_version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]
        verbose_name = "group registration"
        verbose_name_plural = "group registrations"

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

    @property
    def accepts_join_requests(self) -> bool:
        return self.is_listed and self.membership != self.Membership.INVITATION

    # Column helpers for the moderation admin (kept on the model, see HOUSE_STYLE.md).
    def themes_display(self) -> str:
        return ", ".join(theme.name for theme in self.themes.all())

    themes_display.short_description = "Themes"

    def organisations_display(self) -> str:
        return ", ".join(
            str(org.abbreviation or org.name) for org in self.producing_organisations.all()
        )

    organisations_display.short_description = "Producing organisations"

    def regions_display(self) -> str:
        return ", ".join(region.name for region in self.regions.all())

    regions_display.short_description = "Nations and regions"

    def audiences_display(self) -> str:
        return ", ".join(audience.name for audience in self.audiences.all())

    audiences_display.short_description = "Audiences"

    def has_pending_change(self) -> bool:
        # Annotated by the admin queryset; falls back to a query elsewhere.
        annotated = getattr(self, "pending_change_count", None)
        if annotated is not None:
            return annotated > 0
        return self.changes.filter(status=GroupChange.Status.PENDING).exists()

    has_pending_change.short_description = "Edit waiting"
    has_pending_change.boolean = True


class GroupChange(models.Model):
    """Material edits a contact proposed to a listed group, applied only when an editor approves.

    The listed version stays public meanwhile. ``data`` holds the proposed values as JSON:
    plain fields by name, foreign keys and many-to-many fields as lists of primary keys.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Replaced by a later edit"

    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="changes")
    data = models.JSONField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(status="pending"),
                name="intake_one_pending_change_per_group",
            )
        ]

    def __str__(self):
        return f"Edit to {self.group} ({self.get_status_display()})"


class ModerationDecision(models.Model):
    """Who decided what about a registration or an edit, when and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        REQUEST_CHANGES = "request_changes", "Asked for changes"
        APPROVE_CHANGE = "approve_change", "Approved an edit"
        REJECT_CHANGE = "reject_change", "Rejected an edit"

    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="decisions")
    change = models.ForeignKey(
        GroupChange, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.group}"


class Membership(models.Model):
    """A person's membership of (or request to join) a group. Double opt-in: nothing happens
    until the email address is confirmed."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Email not confirmed"
        PENDING = "pending", "Waiting for the group contact"
        ACTIVE = "active", "Member"
        DECLINED = "declined", "Declined"
        LEFT = "left", "Left the group"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="memberships")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
    hopes = models.TextField("what they hope to get from it", blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    consent_given_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Emails are stored lower-cased by the service, so this is case-insensitive.
            models.UniqueConstraint(
                fields=["group", "email"], name="intake_one_membership_per_email"
            )
        ]

    def __str__(self):
        return f"{self.name} in {self.group}"


class OutboundEmail(models.Model):
    """The outbox: every email is stored before it is sent, so a failing mail server never loses
    one. ``send_queued_emails`` retries failures with back-off."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    to = models.JSONField(help_text="List of recipient addresses.")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    template = models.CharField(max_length=100, help_text="Which email this is.")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"

    @property
    def body_text_redacted(self) -> str:
        """The text with the secret part of each signed link hidden, for editors to read."""
        from hubsecurity.redaction import text_redact_links

        return text_redact_links(self.body_text)


class IdempotencyKey(models.Model):
    """A JSON request already handled, so the same Idempotency-Key replays its response.

    The unique constraint makes the guarantee hold across processes and workers.
    """

    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="intake_idempotency_key_unique")
        ]

    def __str__(self):
        return f"{self.scope}:{self.key}"
