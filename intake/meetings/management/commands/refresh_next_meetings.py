"""Move each group's "next meeting" on once the meeting has started (run hourly)."""

import logging

from django.core.management.base import BaseCommand

from intake.meetings.services import next_meetings_refresh_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Roll every group whose next meeting has passed on to its following meeting."

    def handle(self, *args, **options):
        count = next_meetings_refresh_due()
        logger.info("next meetings refreshed", extra={"groups": count})
        self.stdout.write(f"Groups whose next meeting moved on: {count}")
