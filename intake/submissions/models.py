"""What every submission leaves behind besides its own record: the emails it sends (the
outbox) and the keys that make sending it twice store it once."""

from django.db import models
from django.utils import timezone

from cms.security.redaction import text_redact_links


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
    # Extra headers, for example List-Unsubscribe on alert emails.
    headers = models.JSONField(default=dict, blank=True)
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
        # The table kept its name when the outbox moved here from the register's app.
        db_table = "intake_outboundemail"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"

    @property
    def body_text_redacted(self) -> str:
        """The text with the secret part of each signed link hidden, for editors to read."""
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
        db_table = "intake_idempotencykey"
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="intake_idempotency_key_unique")
        ]

    def __str__(self):
        return f"{self.scope}:{self.key}"
