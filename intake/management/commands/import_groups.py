"""``manage.py import_groups FILE [--dry-run]``: the audit import for operators."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from intake import imports


class _Progress:
    def __init__(self, stream, total: int, label: str, width: int = 30):
        self.stream, self.total, self.label, self.width = stream, max(total, 1), label, width
        self.started = time.perf_counter()

    def __call__(self, done: int) -> None:
        if done != self.total and done % 50:
            return
        filled = int(self.width * min(done, self.total) / self.total)
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done}/{self.total} ({done / elapsed:,.0f} rows/s)",
            ending="",
        )
        self.stream.flush()


class Command(BaseCommand):
    help = "Check an audit spreadsheet (CSV or .xlsx) of user groups and import it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV or .xlsx file laid out like the template.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the report and write nothing."
        )

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            batch, report = imports.group_import_check(
                file_name=path.name,
                content=path.read_bytes(),
                source="command",
                dry_run=dry_run,
            )
        except imports.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for row in report.rows:
            if row.errors:
                for error in row.errors:
                    self.stdout.write(
                        f"Row {error['row']}, column {error['column']}: {error['message']}"
                    )
            elif row.action != "create":
                self.stdout.write(f"Row {row.row}: {row.action}: {row.name}. {row.note}")
        counts = report.counts
        self.stdout.write(
            f"{counts['rows']} rows: {counts['create']} to create, {counts['update']} to update, "
            f"{counts['skip']} to skip, {counts['error']} with errors."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        if not report.is_valid:
            batch.delete()  # the rows hold contacts' details: keep no copy of a refused file
            raise CommandError("The file has errors, so nothing was imported.")
        progress = _Progress(self.stdout, len(report.rows), "Importing")
        try:
            batch = imports.group_import_apply(import_id=batch.pk, progress=progress)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {batch.counts['created']} created, "
                f"{batch.counts['updated']} updated, {batch.counts['skipped']} skipped."
            )
        )
