from django.core.management.base import BaseCommand

from intake.engagement.demo import load_demo_engagement


class Command(BaseCommand):
    help = "Add the demo engagement requests (for the 'You said, we did' page). Safe to run again."

    def handle(self, *args, **options):
        load_demo_engagement(stdout=self.stdout)
