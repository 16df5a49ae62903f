"""Rebuild the search indexes from the database, swapping in the new index atomically."""

import time

from django.core.management.base import BaseCommand

from search.backends import write_backends
from search.indexing import document_count, index_rebuild


class ProgressBar:
    def __init__(self, stream, total: int, label: str, width: int = 30):
        self.stream, self.total, self.label, self.width = stream, max(total, 1), label, width
        self.started = time.perf_counter()

    def __call__(self, done: int) -> None:
        filled = int(self.width * min(done, self.total) / self.total)
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done}/{self.total} ({done / elapsed:,.0f} documents/s)"
        )
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Build a new search index from the database and switch to it without downtime; "
        "changes made meanwhile reach the new index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", choices=["database", "elasticsearch"], help="Only this backend."
        )

    def handle(self, *args, backend=None, **options):
        total = document_count()
        for name, instance in write_backends().items():
            if backend and name != backend:
                continue
            progress = ProgressBar(self.stdout, total, name)
            started = time.perf_counter()
            written = index_rebuild(backend_name=name, backend=instance, progress=progress)
            elapsed = time.perf_counter() - started
            self.stdout.write("")
            self.stdout.write(
                f"{name}: indexed {written} documents in {elapsed:.2f} s "
                f"({written / max(elapsed, 1e-9):,.0f} documents per second)."
            )
