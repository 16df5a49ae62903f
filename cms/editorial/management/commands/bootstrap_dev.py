from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Prepare a development hub in one process: migrate, load the demo content, create "
        "the development admin account and bring the search index in line. Safe to run again."
    )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        call_command("load_demo_content", stdout=self.stdout)
        call_command("ensure_dev_admin", stdout=self.stdout)
        # A migration or an interrupted run can leave the index behind the database (a search
        # migration may ask for documents to be prepared again): repair, never fail the start.
        try:
            call_command("search_consistency", repair=True, stdout=self.stdout)
        except CommandError as error:
            self.stderr.write(f"Search index not repaired: {error}")
