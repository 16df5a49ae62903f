from django.core.management.base import BaseCommand

from intake.privacy.purge import personal_data_purge
from intake.privacy.retention import retention_days


class Command(BaseCommand):
    help = (
        "Remove personal data past its retention period (PERSONAL_DATA_RETENTION_DAYS), "
        "and report what was removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be removed; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        report = personal_data_purge(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for kind, item in report.items():
            self.stdout.write(
                f"{verb} {item['count']} {item['label']} "
                f"(kept {retention_days(kind)} days) [{kind}]"
            )
        total = sum(item["count"] for item in report.values())
        ending = " (dry run: nothing changed)" if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{verb} {total} records in all{ending}."))
