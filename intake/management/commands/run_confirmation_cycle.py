"""``manage.py run_confirmation_cycle``: reminders, flags and hiding for listings nobody has
re-confirmed. Safe to run hourly or daily, and twice: each step happens once per listing."""

from django.core.management.base import BaseCommand

from intake.confirmation import confirmation_cycle_run


class Command(BaseCommand):
    help = "Remind contacts, flag overdue listings and hide those past the grace period."

    def handle(self, *args, **options):
        counts = confirmation_cycle_run()
        self.stdout.write(
            f"Reminded {counts['reminded']}, flagged {counts['flagged']}, "
            f"hidden {counts['hidden']}."
        )
