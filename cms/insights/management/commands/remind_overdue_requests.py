from django.core.management.base import BaseCommand

from cms.insights.services import overdue_reminders_send


class Command(BaseCommand):
    help = (
        "Email champions about engagement requests waiting past their acknowledgement deadline "
        "(one reminder a champion a day at most; safe to run more often)."
    )

    def handle(self, *args, **options):
        def progress(number, total):
            if number == 1 or number == total or number % 50 == 0:
                self.stdout.write(f"champion {number} of {total}")

        result = overdue_reminders_send(progress=progress)
        self.stdout.write(
            f"{result['overdue']} overdue request(s); {result['sent']} reminder(s) sent, "
            f"{result['already_reminded']} champion(s) already reminded today, "
            f"{result['without_champion']} organisation(s) without a listed champion."
        )
