"""The one table Insights keeps: which champion was reminded of overdue requests on which day."""

from django.db import models
from django.utils import timezone


class OverdueReminder(models.Model):
    """One reminder email to one champion on one day. The unique constraint keeps it to one a
    day however often (or however many times at once) the command runs."""

    champion = models.ForeignKey("cms.Champion", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    request_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_on", "champion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["champion", "sent_on"], name="insights_one_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"Reminder to champion {self.champion_id} on {self.sent_on}"


class FormViewCount(models.Model):
    """How many times a public form was opened on a day: the first step of its funnel.

    A count and nothing else (no address, no cookie, no time of day), so it holds no personal
    data; one row per form per day, kept current by a single UPSERT on each view.
    """

    class Form(models.TextChoices):
        GROUP_REGISTRATION = "group_register", "Register a group"

    form = models.CharField(max_length=40, choices=Form.choices)
    viewed_on = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-viewed_on", "form"]
        constraints = [
            models.UniqueConstraint(fields=["form", "viewed_on"], name="insights_one_count_a_day")
        ]

    def __str__(self):
        return f"{self.get_form_display()} on {self.viewed_on}: {self.views}"


class InsightsAccess(models.Model):
    """No table: it only carries the permission to open the Insights area of the admin, which
    the hub team's Editors group is given (the figures are about the whole register and its
    requests, so not every admin user should see them)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_insights", "Can see the insights")]

    def __str__(self):
        return "Insights"
