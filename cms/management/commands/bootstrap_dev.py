from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prepare a development hub in one process: migrate, load the demo content and create "
        "the development admin account. Safe to run again."
    )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        call_command("load_demo_content", stdout=self.stdout)
        call_command("ensure_dev_admin", stdout=self.stdout)
