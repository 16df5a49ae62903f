"""The group register and everything people submit through the hub's forms."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from intake.engagement.references import PREFIXES, reference_generate


class ReferencedModel(models.Model):
    """A submission with a short reference people can quote (``REG-7K3Q9P``), given when it
    is first saved. 29 symbols to the power 6 make a clash between two submissions of one kind
    vanishingly rare; the unique constraint refuses one if it ever happens."""

    reference_kind = ""
    reference = models.CharField(max_length=16, unique=True, null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = reference_generate(PREFIXES[self.reference_kind])
        super().save(*args, **kwargs)


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


class UserGroup(ReferencedModel):
    """A user group or forum on the register."""

    reference_kind = "group"

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
        # Not re-confirmed within the grace period: off the public register until its contact
        # (or an editor on their behalf) confirms it.
        HIDDEN = "hidden", "Hidden until confirmed"

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
    # Derived: the first upcoming meeting the group has added, kept current by the meetings
    # service (and the refresh command as meetings pass). Never typed in.
    next_meeting = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="The first upcoming meeting; set from the group's meetings.",
    )
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
    # Listings from the audit spreadsheet are live at once, marked as not yet confirmed until
    # their contact confirms or corrects them.
    imported_at = models.DateTimeField(null=True, blank=True)
    import_batch = models.ForeignKey(
        "intake.GroupImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    # The re-confirmation cycle (``run_confirmation_cycle``): when the contact was reminded,
    # when the listing was flagged as overdue, and when it was hidden. Confirming clears them.
    # The contact asked for one email a day listing who joined, instead of none.
    join_summary = models.BooleanField(default=False)
    join_summary_sent_at = models.DateTimeField(null=True, blank=True)
    confirmation_reminded_at = models.DateTimeField(null=True, blank=True)
    confirmation_flagged_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

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

    @property
    def confirmed_since(self):
        """When the listing was last known to be right: confirmed, or else imported or made."""
        return self.last_confirmed_at or self.imported_at or self.created_at

    @property
    def is_unconfirmed_import(self) -> bool:
        return self.imported_at is not None and self.last_confirmed_at is None

    @property
    def is_overdue(self) -> bool:
        """Flagged by the cycle: not confirmed by its due date."""
        return self.confirmation_flagged_at is not None

    @property
    def can_be_confirmed(self) -> bool:
        return self.status in (self.Status.LISTED, self.Status.HIDDEN)

    def confirmation_display(self) -> str:
        if self.status == self.Status.HIDDEN:
            return "Hidden: not confirmed"
        if self.is_overdue:
            return "Overdue"
        if self.is_unconfirmed_import:
            return "Imported, not yet confirmed"
        return "Current" if self.status == self.Status.LISTED else ""

    confirmation_display.short_description = "Confirmation"

    # Column helpers for the moderation admin (kept on the model, beside the fields they show).
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
        IMPORT = "import", "Imported from the audit spreadsheet"
        IMPORT_UPDATE = "import_update", "Updated from the audit spreadsheet"
        CONFIRM_ON_BEHALF = "confirm_on_behalf", "Confirmed on the contact's behalf"
        CHASE = "chase", "Chased the contact"
        HANDOVER = "handover", "Asked a new contact to take the listing over"
        ARCHIVE = "archive", "Archived"

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


class GroupHandover(models.Model):
    """A listing passed to a new contact. Nothing changes until the new person confirms by
    the emailed link; then the old contact is told. The contact or an editor starts it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the new contact"
        DONE = "done", "Handed over"
        SUPERSEDED = "superseded", "Replaced by a later handover"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="handovers")
    new_contact_name = models.CharField(max_length=200)
    new_contact_email = models.EmailField()
    old_contact_email = models.EmailField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.group} to {self.new_contact_name} ({self.get_status_display()})"


class GroupImport(models.Model):
    """One audit spreadsheet: checked when uploaded, applied at most once. The audit trail of
    imports (who, when, which file, how many listings created, updated and skipped).

    ``rows`` keeps the checked rows until the import is applied, so what is applied is what the
    editor saw; applying empties it, so no copy of the contacts' details stays behind.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, not applied"
        APPLIED = "applied", "Applied"

    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    rows = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKED)
    source = models.CharField(max_length=20, default="admin")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "group import"

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


class Membership(ReferencedModel):
    """A person's membership of (or request to join) a group. Double opt-in: nothing happens
    until the email address is confirmed."""

    reference_kind = "membership"

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
