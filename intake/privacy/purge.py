"""Removing personal data past its retention period (``manage.py purge_personal_data``).

Each app registers a rule for every kind of record it keeps (``purge_rule``), from its own
``personal_data`` module; the period of each kind is set in ``PERSONAL_DATA_RETENTION_DAYS``."""

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from intake.privacy.models import PersonalDataAction
from intake.privacy.retention import retention_days

# kind: (what is removed, rows past retention, how: None deletes, a function of the time giving
# the values to set anonymises)
PLAN: dict[str, tuple[str, Callable[[dt.datetime], QuerySet], Callable | None]] = {}


def purge_rule(
    kind: str,
    *,
    label: str,
    rows: Callable[[dt.datetime], QuerySet],
    anonymise: Callable[[dt.datetime], dict] | None = None,
) -> None:
    """Declare what the purge removes for one kind of record: ``rows(now)`` are past retention;
    they are deleted, or given ``anonymise(now)``'s values and kept."""
    PLAN[kind] = (label, rows, anonymise)


def past_retention(kind: str, now: dt.datetime) -> dt.datetime:
    """The moment before which records of this kind are past their retention period."""
    return now - dt.timedelta(days=retention_days(kind))


def personal_data_purge(*, dry_run: bool = False, now: dt.datetime | None = None) -> dict:
    """Remove what is past its retention period. Returns ``{kind: {"label", "count"}}``."""
    now = now or timezone.now()
    report = {}
    with transaction.atomic():
        for kind, (label, rows, anonymise) in PLAN.items():
            queryset = rows(now)
            ids = list(queryset.values_list("pk", flat=True))
            if ids and not dry_run:
                targets = queryset.model._default_manager.filter(pk__in=ids)
                if anonymise is None:
                    targets.delete()
                else:
                    targets.update(**anonymise(now))
            report[kind] = {"label": label, "count": len(ids)}
        if not dry_run:
            PersonalDataAction.objects.create(
                action=PersonalDataAction.Action.PURGE,
                summary={kind: item["count"] for kind, item in report.items()},
            )
    return report
