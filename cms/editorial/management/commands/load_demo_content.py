import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand

from cms.editorial.demo import demo_loaders
from cms.editorial.demo.loader import load_demo_content

# Loggers that report every page save and background task; the command prints its own progress.
QUIET_LOGGERS = ("wagtail", "django_tasks", "modelsearch")


@contextmanager
def quiet_loggers(names, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old_level in zip(loggers, previous, strict=True):
            logger.setLevel(old_level)


class Command(BaseCommand):
    help = (
        "Load the demo hub: strategy, top tips, case studies, champions, updates, standard pages, "
        "site settings, demo user groups and the answered engagement requests that 'You said, "
        "we did' lists. Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        with quiet_loggers(QUIET_LOGGERS):
            total = load_demo_content(stdout=self.stdout)
            for heading, load in demo_loaders():
                self.stdout.write(heading)
                total += load(stdout=self.stdout) or 0
        if total:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {total} item(s) added."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo content already loaded: nothing changed."))
