"""``manage.py send_join_summaries``: the daily email of who joined, for contacts who asked.
Safe to run twice: each join is in one summary."""

from django.core.management.base import BaseCommand

from intake.services import join_summaries_send


class Command(BaseCommand):
    help = "Email each group contact who asked for it the people who joined since the last one."

    def handle(self, *args, **options):
        sent = join_summaries_send()
        self.stdout.write(f"Sent {sent} join summar{'y' if sent == 1 else 'ies'}.")
