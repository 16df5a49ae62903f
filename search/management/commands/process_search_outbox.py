"""Apply pending index changes; retry failures with back-off. Run it as a worker."""

import time

from django.core.management.base import BaseCommand

from search.indexing import outbox_pending, outbox_process


class Command(BaseCommand):
    help = "Apply the search outbox (pending index changes), retrying failures with back-off."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Process what is due, then stop.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between polls (default 2)."
        )

    def handle(self, *args, once=False, interval=2.0, **options):
        while True:
            outcome = outbox_process()
            if outcome["applied"] or outcome["failed"] or once:
                self.stdout.write(
                    f"Applied {outcome['applied']}, failed {outcome['failed']}, "
                    f"{outbox_pending()} waiting."
                )
            if once:
                return
            time.sleep(interval)
