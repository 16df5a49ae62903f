"""The personal-data audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PersonalDataAction(models.Model):
    """The audit trail of exports, erasures and purges: what was done, when and by whom, with
    counts per kind of record. It never stores the person's email address."""

    class Action(models.TextChoices):
        EXPORT = "export", "Exported"
        ERASE = "erase", "Erased"
        PURGE = "purge", "Purged past retention"

    action = models.CharField(max_length=10, choices=Action.choices)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    performed_at = models.DateTimeField(default=timezone.now)
    summary = models.JSONField(default=dict, help_text="Records affected, by kind.")

    class Meta:
        # The table it has always had, from when the engagement app kept the audit trail.
        db_table = "engagement_personaldataaction"
        ordering = ["-performed_at", "-id"]
        permissions = [
            ("manage_personal_data", "Can export and erase a person's data"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} on {self.performed_at:%d/%m/%Y %H:%M}"
