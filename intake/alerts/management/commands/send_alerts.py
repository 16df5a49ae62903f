"""Send alert emails: ``weekly`` once a week; ``--frequency immediate`` now and then as a
catch-up only (as-it-happens alerts are queued by the news itself: a group listed, a meeting
added, a page published)."""

import logging

from django.core.management.base import BaseCommand

from intake.alerts.models import Follower
from intake.alerts.services import alerts_schedule, alerts_send

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Email followers what is new under the themes and groups they follow."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=Follower.Frequency.values, required=True)
        parser.add_argument(
            "--background",
            action="store_true",
            help="Hand the sending to the task worker instead of sending here.",
        )

    def handle(self, *args, frequency, background, **options):
        if background:
            alerts_schedule(frequency=frequency)
            self.stdout.write(f"Alerts ({frequency}) handed to the task worker.")
            return

        def progress(done, total):
            self.stdout.write(f"  {done} of {total} followers")

        stats = alerts_send(frequency=frequency, progress=progress)
        self.stdout.write(f"Followers: {stats['followers']}, emails queued: {stats['emails']}")
