"""Send queued emails whose next attempt is due. Run it every minute (cron or a task worker)."""

from django.core.management.base import BaseCommand

from intake.emails import email_send_due


class Command(BaseCommand):
    help = "Send queued emails from the outbox, retrying failures with back-off."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="Most emails to try this run.")

    def handle(self, *args, limit, **options):
        result = email_send_due(limit=limit)
        self.stdout.write(f"Sent {result['sent']} emails; {result['failed']} not sent this time.")
