"""Compare each search index with the database; exit non-zero on drift; --repair fixes it."""

from django.core.management.base import BaseCommand, CommandError

from search.backends import write_backends
from search.backends.base import SearchUnavailable
from search.indexing import consistency_repair, consistency_report


class Command(BaseCommand):
    help = "Report documents missing from, extra in, or out of date in the search indexes."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Fix the drift found.")

    def handle(self, *args, repair=False, **options):
        drift = False
        for name, backend in write_backends().items():
            try:
                report = consistency_report(backend)
            except SearchUnavailable as exc:
                raise CommandError(f"{name}: cannot read the index ({exc}).") from exc
            found = sum(len(keys) for keys in report.values())
            if not found:
                self.stdout.write(f"{name}: no drift.")
                continue
            self.stdout.write(
                f"{name}: {len(report['missing'])} missing, {len(report['extra'])} extra, "
                f"{len(report['stale'])} out of date."
            )
            for label, keys in report.items():
                for key in keys[:20]:
                    self.stdout.write(f"  {label}: {key}")
            if repair:
                consistency_repair(backend, report)
                after = consistency_report(backend)
                if any(after.values()):
                    drift = True
                    self.stdout.write(f"{name}: drift remains after repair.")
                else:
                    self.stdout.write(f"{name}: repaired.")
            else:
                drift = True
        if drift:
            raise CommandError("The search index does not match the database.", returncode=1)
