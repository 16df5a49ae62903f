"""Engagement requests, success stories and champion sign-ups."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from intake.models import ReferencedModel


class EngagementRequest(models.Model):
    """A user's request to a producing organisation, routed to that organisation's champions."""

    class Kind(models.TextChoices):
        NEW_DATA = "new_data", "A new breakdown or new data"
        RELEASE_FEEDBACK = "release_feedback", "Feedback on a release"
        METHODS = "methods", "A question about methods"
        MEETING = "meeting", "A meeting"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        IN_PROGRESS = "in_progress", "In progress"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=12, unique=True, editable=False)
    organisation = models.ForeignKey(
        "cms.Organisation", on_delete=models.PROTECT, related_name="engagement_requests"
    )
    theme = models.ForeignKey(
        "themes.Theme", on_delete=models.PROTECT, related_name="engagement_requests"
    )
    statistics = models.CharField("statistics concerned", max_length=300)
    kind = models.CharField("kind of request", max_length=20, choices=Kind.choices)
    description = models.TextField()
    # The requester: personal data, erased on request and purged after the retention period.
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    requester_organisation = models.CharField(max_length=200, blank=True)
    consent_to_publish = models.BooleanField(
        "consent to publish an anonymised summary", default=False
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    privacy_notice_version = models.CharField(max_length=20, blank=True)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    response = models.TextField(blank=True, help_text="The latest answer sent to the requester.")
    # Written by an editor for the public "you said, we did" page: never the requester's words.
    public_summary = models.TextField(
        "what was asked (public summary)",
        blank=True,
        help_text="Shown on the 'You said, we did' page. Leave out names and contact details.",
    )
    public_outcome = models.TextField(
        "what was done (public)",
        blank=True,
        help_text="Shown on the 'You said, we did' page. Leave out names and contact details.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.reference

    # Column helpers for the admin (kept on the model, beside the fields they show).
    def is_overdue(self) -> bool:
        # intake.engagement.selectors imports this module.
        from intake.engagement.selectors import engagement_request_is_overdue

        return engagement_request_is_overdue(engagement_request=self)

    is_overdue.short_description = "Overdue"
    is_overdue.boolean = True

    def acknowledge_by(self):
        # intake.engagement.selectors imports this module.
        from intake.engagement.selectors import engagement_request_acknowledge_by

        return engagement_request_acknowledge_by(engagement_request=self)

    acknowledge_by.short_description = "Acknowledge by"


class EngagementStatusChange(models.Model):
    """One step in a request's history. Keeps the decision after the person is erased."""

    request = models.ForeignKey(EngagementRequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=EngagementRequest.Status.choices)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by_champion = models.ForeignKey(
        "cms.Champion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who acted, as shown on the record ("Editor", "Champion", "System"); never an email.
    actor_label = models.CharField(max_length=100, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.request}: {self.to_status}"


class SuccessStory(ReferencedModel):
    """A success story sent through the form. The story itself lives in a draft CaseStudyPage;
    this record keeps who sent it, privately, for the editors."""

    reference_kind = "story"

    title = models.CharField(max_length=255)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "success stories"

    def __str__(self):
        return self.title

    # Column helper for the admin's record view (kept on the model, beside the fields they show).
    def image_alt_text(self) -> str:
        """The alt text the case study gives the image, or the one sent with it."""
        page = self.page.specific if self.page_id and self.image_id else None
        return getattr(page, "image_alt_text", "") or (self.image.description if self.image else "")

    image_alt_text.short_description = "Image alt text"


class ChampionSignup(ReferencedModel):
    """Someone asking to join the champions network; listed only once an editor approves."""

    reference_kind = "signup"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=200)
    email = models.EmailField(db_index=True)
    role = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "cms.Organisation", on_delete=models.PROTECT, related_name="champion_signups"
    )
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="champion_signups")
    bio = models.TextField(blank=True)
    show_email = models.BooleanField(default=False)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reason = models.TextField(blank=True, help_text="Why it was rejected, told to the person.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    champion = models.ForeignKey(
        "cms.Champion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "champion sign-up"
        verbose_name_plural = "champion sign-ups"

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def themes_display(self) -> str:
        return ", ".join(theme.name for theme in self.themes.all())

    themes_display.short_description = "Themes"
