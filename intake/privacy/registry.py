"""Where the hub keeps personal data, and how to export and erase it.

Each app declares its models that hold personal data as ``PersonalDataSource`` entries, from
its own ``personal_data`` module, registered in ``AppConfig.ready()``. A source
says how to find one person's rows (an email field, matched without regard to case), what to
export, and how to erase: delete the rows, or blank the personal fields and keep the rest
(the audit trail keeps the decision but not the person). ``scrub_fields`` are free-text and JSON
fields of any row where the address may have been typed or copied (an email body, a reason, a
page revision); the address is replaced there wherever it appears.

The test suite scans every text column of every table after an erasure, so a model that starts
holding email addresses without being registered here fails the build.
"""

import csv
import io
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from wagtail.search import index

from cms.security.spreadsheets import csv_safe
from intake.privacy.models import PersonalDataAction

logger = logging.getLogger(__name__)

REMOVED = "[removed]"


@dataclass(frozen=True)
class PersonalDataSource:
    """One model that holds personal data."""

    key: str
    model_label: str
    label: str
    email_fields: tuple[str, ...] = ()
    export_fields: tuple[str, ...] = ()
    # "delete" removes the person's rows; "anonymise" sets ``anonymise_values`` on them.
    erase: str = "delete"
    anonymise_values: dict[str, Any] = field(default_factory=dict)
    # Text or JSON fields scrubbed of the address in any row that mentions it.
    scrub_fields: tuple[str, ...] = ()
    # Rows mentioning the address in these fields are deleted (copies such as sent emails).
    delete_if_mentioned_in: tuple[str, ...] = ()
    # Also scrub rows that name the person without their address (copies of emails about them).
    scrub_rows_naming_them: bool = False
    # Narrows the rows this source covers (for example, only case-study revisions).
    base_filter: Callable[[], Q] | None = None
    # Called with the ids of rows changed, inside the transaction (for example, to reindex).
    after_erase: Callable[[list[int]], None] | None = None

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def queryset(self) -> QuerySet:
        queryset = self.model._default_manager.all()
        if self.base_filter is not None:
            queryset = queryset.filter(self.base_filter())
        return queryset

    def owned(self, email: str) -> QuerySet:
        """The person's own rows."""
        if not self.email_fields:
            return self.model._default_manager.none()
        condition = Q()
        for name in self.email_fields:
            condition |= Q(**{f"{name}__iexact": email})
        return self.queryset().filter(condition)

    def mentioning(self, email: str, fields: Iterable[str]) -> QuerySet:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": email})
        return self.queryset().filter(condition) if condition else self.queryset().none()

    def scrub_candidates(self, email: str, names: Iterable[str]) -> set:
        """Ids of rows whose scrub fields mention the address, or name the person where this
        source asks for it. Lookup, export and erasure all use this, so they count alike."""
        if not self.scrub_fields:
            return set()
        ids = set(self.mentioning(email, self.scrub_fields).values_list("pk", flat=True))
        if self.scrub_rows_naming_them:
            for name in names:
                ids |= set(self.mentioning(name, self.scrub_fields).values_list("pk", flat=True))
        return ids


REGISTRY: dict[str, PersonalDataSource] = {}


def register(source: PersonalDataSource) -> None:
    REGISTRY[source.key] = source


# --- Scrubbing ------------------------------------------------------------------------------


def _pattern(words: Iterable[str]) -> re.Pattern | None:
    words = sorted({w for w in words if w and len(w) >= 3}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


def scrub_value(value, pattern: re.Pattern):
    """Replace the pattern in a string, or in every string inside a JSON value."""
    if isinstance(value, str):
        return pattern.sub(REMOVED, value)
    if isinstance(value, list):
        return [scrub_value(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: scrub_value(item, pattern) for key, item in value.items()}
    return value


# --- Export ---------------------------------------------------------------------------------


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def personal_data_collect(*, email: str) -> dict[str, list[dict]]:
    """Everything held about one email address, by kind of record."""
    email = (email or "").strip()
    result: dict[str, list[dict]] = {}
    if not email:
        return result
    names = _names_of(email)
    for source in REGISTRY.values():
        rows = []
        if source.email_fields:
            fields = ["pk", *source.export_fields]
            for row in source.owned(email).values(*fields):
                rows.append({name: _plain(value) for name, value in row.items()})
        mention_fields = (*source.scrub_fields, *source.delete_if_mentioned_in)
        if mention_fields:
            seen = {row["pk"] for row in rows}
            ids = source.scrub_candidates(email, names)
            if source.delete_if_mentioned_in:
                ids |= set(
                    source.mentioning(email, source.delete_if_mentioned_in).values_list(
                        "pk", flat=True
                    )
                )
            fields = ["pk", *dict.fromkeys((*source.export_fields, *mention_fields))]
            for row in source.queryset().filter(pk__in=ids - seen).values(*fields):
                rows.append({name: _plain(value) for name, value in row.items()})
        if rows:
            result[source.key] = rows
    return result


def personal_data_export_json(*, data: dict[str, list[dict]]) -> str:
    labels = {key: REGISTRY[key].label for key in data}
    payload = {
        "exported_at": timezone.now().isoformat(),
        "records": [
            {"kind": key, "description": labels[key], "rows": rows} for key, rows in data.items()
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str)


def personal_data_export_csv(*, data: dict[str, list[dict]]) -> str:
    """One row per value: kind, record id, field, value. Spreadsheet formulas are neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["kind", "record_id", "field", "value"])
    for key, rows in data.items():
        for row in rows:
            for name, value in row.items():
                if name == "pk":
                    continue
                text = value if isinstance(value, str) else json.dumps(value, default=str)
                writer.writerow([key, row["pk"], name, csv_safe(text)])
    return buffer.getvalue()


# --- Erasure --------------------------------------------------------------------------------


def personal_data_erase(*, email: str, performed_by=None) -> dict[str, int]:
    """Erase one email address everywhere the registry knows, in one transaction.

    Returns how many records of each kind were deleted, anonymised or scrubbed. The audit
    record keeps those counts, who did it and when, never the address.
    """
    email = (email or "").strip()
    if not email:
        return {}
    summary: dict[str, int] = {}
    with transaction.atomic():
        names = _names_of(email)
        pattern = _pattern([email, *names])
        for source in REGISTRY.values():
            affected = _erase_source(source, email, pattern, names)
            if affected:
                summary[source.key] = affected
        PersonalDataAction.objects.create(
            action=PersonalDataAction.Action.ERASE, performed_by=performed_by, summary=summary
        )
    logger.info("personal data erased", extra={"summary": summary})
    return summary


def _erase_source(source: PersonalDataSource, email: str, pattern, names: list[str]) -> int:
    """Erase one source; returns how many of its rows were deleted or changed."""
    manager = source.model._default_manager
    owned_ids = set(source.owned(email).values_list("pk", flat=True))
    kept_ids: set = set()
    if owned_ids and source.erase == "delete":
        manager.filter(pk__in=owned_ids).delete()
    elif owned_ids:
        values = {
            name: (value() if callable(value) else value)
            for name, value in source.anonymise_values.items()
        }
        manager.filter(pk__in=owned_ids).update(**values)
        kept_ids = set(owned_ids)
    deleted_ids: set = set()
    if source.delete_if_mentioned_in:
        doomed = source.mentioning(email, source.delete_if_mentioned_in)
        deleted_ids = set(doomed.values_list("pk", flat=True))
        manager.filter(pk__in=deleted_ids).delete()
    scrubbed_ids: set = set()
    if source.scrub_fields:
        mentioned = source.scrub_candidates(email, names)
        # The person's own kept rows are scrubbed of their name too, even without the address.
        candidates = (mentioned | kept_ids) - deleted_ids
        for obj in manager.filter(pk__in=candidates).only("pk", *source.scrub_fields):
            updates = {
                name: scrub_value(getattr(obj, name), pattern) for name in source.scrub_fields
            }
            if any(updates[name] != getattr(obj, name) for name in updates):
                manager.filter(pk=obj.pk).update(**updates)
                scrubbed_ids.add(obj.pk)
    changed = kept_ids | scrubbed_ids
    if changed and issubclass(source.model, index.Indexed):
        # Wagtail's own search index (the admin's) holds copies of indexed text fields.
        for obj in manager.filter(pk__in=changed):
            index.insert_or_update_object(obj)
    if source.after_erase and changed:
        source.after_erase(sorted(changed))
    return len(owned_ids | deleted_ids | scrubbed_ids)


def _names_of(email: str) -> list[str]:
    """Names the person gave with this address, so copies of them (in sent emails) go too."""
    names: set[str] = set()
    for source in REGISTRY.values():
        if "name" in source.export_fields and source.email_fields:
            names.update(source.owned(email).exclude(name="").values_list("name", flat=True))
    return [name for name in names if len(name) >= 3]
