"""Send queued emails whose next attempt is due. Run it every minute (cron or a task worker)."""

from django.core.management.base import BaseCommand

from intake.submissions.emails import email_resend, email_send_due


class Command(BaseCommand):
    help = "Send queued emails from the outbox, retrying failures with back-off."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="Most emails to try this run.")
        parser.add_argument(
            "--resend-failed",
            action="store_true",
            help="First queue again every email the outbox gave up on (after an outage).",
        )

    def handle(self, *args, limit, resend_failed=False, **options):
        if resend_failed:
            count = email_resend()
            self.stdout.write(f"Queued {count} emails that had been given up on.")
        result = email_send_due(limit=limit)
        self.stdout.write(f"Sent {result['sent']} emails; {result['failed']} not sent this time.")
