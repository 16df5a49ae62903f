"""Where the hub keeps personal data, and how to export, erase and purge it.

Each app's models are declared here as ``PersonalDataSource`` entries in one registry. A source
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

from wagtail.images import get_image_model_string
from wagtail.search import index

from cms.models import CaseStudyPage
from cms.security.spreadsheets import csv_safe
from intake.engagement.models import PersonalDataAction, SuccessStory

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


# --- The hub's sources ----------------------------------------------------------------------


def _reindex_groups(ids: list[int]) -> None:
    try:
        # Imported here: the search app is optional for this module.
        from search.indexing import outbox_enqueue
    except ImportError:
        return
    outbox_enqueue(kind="group", object_ids=ids)


def _case_study_revisions() -> Q:
    from django.contrib.contenttypes.models import ContentType

    return Q(content_type=ContentType.objects.get_for_model(CaseStudyPage))


def _success_story_images() -> Q:
    """Images people sent with their stories (not the editors' own uploads)."""
    return Q(pk__in=SuccessStory.objects.filter(image__isnull=False).values("image"))


def register_defaults() -> None:
    """Declare every model of the hub that holds personal data."""
    now = timezone.now
    register(
        PersonalDataSource(
            key="engagement_requests",
            model_label="engagement.EngagementRequest",
            label="Engagement requests made",
            email_fields=("email",),
            export_fields=(
                "reference",
                "organisation__name",
                "theme__name",
                "statistics",
                "kind",
                "description",
                "name",
                "email",
                "requester_organisation",
                "consent_to_publish",
                "consent_given_at",
                "privacy_notice_version",
                "status",
                "response",
                "created_at",
            ),
            erase="anonymise",
            anonymise_values={
                "name": "",
                "email": "",
                "requester_organisation": "",
                "description": "",
                "personal_data_removed_at": now,
            },
            scrub_fields=("statistics", "response", "public_summary", "public_outcome"),
        )
    )
    register(
        PersonalDataSource(
            key="engagement_history",
            model_label="engagement.EngagementStatusChange",
            label="Notes in the history of engagement requests",
            export_fields=("request__reference", "to_status", "changed_at"),
            scrub_fields=("note",),
        )
    )
    register(
        PersonalDataSource(
            key="success_stories",
            model_label="engagement.SuccessStory",
            label="Success stories sent",
            email_fields=("email",),
            export_fields=("title", "name", "email", "consent_given_at", "created_at"),
            erase="anonymise",
            anonymise_values={"name": "", "email": "", "personal_data_removed_at": now},
            scrub_fields=("title",),
        )
    )
    register(
        PersonalDataSource(
            key="case_study_contacts",
            model_label="cms.CaseStudyPage",
            label="Case studies naming the person as the contact",
            email_fields=("contact_email",),
            export_fields=("title", "contact_name", "contact_email"),
            erase="anonymise",
            anonymise_values={"contact_name": "", "contact_email": ""},
            scrub_fields=(
                "title",
                "summary",
                "task",
                "approach",
                "outcome",
                "lessons",
                "image_alt_text",
            ),
        )
    )
    register(
        PersonalDataSource(
            key="case_study_revisions",
            model_label="wagtailcore.Revision",
            label="Saved versions of case studies that mention the person",
            base_filter=_case_study_revisions,
            export_fields=("object_id", "created_at"),
            scrub_fields=("content",),
        )
    )
    # The picture is not personal data and stays on the case study; its title (the story's)
    # and its description (the alt text) can name the person who sent it.
    register(
        PersonalDataSource(
            key="success_story_images",
            model_label=get_image_model_string(),
            label="Images sent with success stories that name the person",
            base_filter=_success_story_images,
            export_fields=("title", "description", "created_at"),
            scrub_fields=("title", "description"),
            scrub_rows_naming_them=True,
        )
    )
    register(
        PersonalDataSource(
            key="champion_signups",
            model_label="engagement.ChampionSignup",
            label="Sign-ups to the champions network",
            email_fields=("email",),
            export_fields=(
                "name",
                "email",
                "role",
                "organisation__name",
                "bio",
                "show_email",
                "status",
                "consent_given_at",
                "privacy_notice_version",
                "created_at",
                "decided_at",
            ),
            erase="anonymise",
            anonymise_values={"name": "", "email": "", "role": "", "bio": ""},
            scrub_fields=("reason",),
        )
    )
    register(
        PersonalDataSource(
            key="champions",
            model_label="cms.Champion",
            label="Listings as a champion",
            email_fields=("email",),
            export_fields=("name", "role", "organisation__name", "email", "bio", "show_email"),
            erase="delete",
            scrub_fields=("bio",),
        )
    )
    register(
        PersonalDataSource(
            key="memberships",
            model_label="intake.Membership",
            label="Groups joined or asked to join",
            email_fields=("email",),
            export_fields=(
                "group__name",
                "name",
                "email",
                "organisation",
                "hopes",
                "status",
                "consent_given_at",
                "privacy_notice_version",
                "created_at",
            ),
            erase="delete",
        )
    )
    register(
        PersonalDataSource(
            key="group_contacts",
            model_label="intake.UserGroup",
            label="Groups the person is the contact for",
            email_fields=("contact_email",),
            export_fields=(
                "name",
                "status",
                "contact_name",
                "contact_email",
                "contact_email_public",
                "consent_given_at",
                "privacy_notice_version",
                "created_at",
            ),
            erase="anonymise",
            anonymise_values={
                "contact_name": "",
                "contact_email": "",
                "contact_email_public": False,
            },
            scrub_fields=("summary", "description", "how_to_join"),
            after_erase=_reindex_groups,
        )
    )
    register(
        PersonalDataSource(
            key="group_changes",
            model_label="intake.GroupChange",
            label="Proposed edits to group listings that mention the person",
            export_fields=("group__name", "status", "created_at"),
            scrub_fields=("data",),
        )
    )
    register(
        PersonalDataSource(
            key="group_handovers",
            model_label="intake.GroupHandover",
            label="Listings handed over to or from the person",
            email_fields=("new_contact_email", "old_contact_email"),
            export_fields=(
                "group__name",
                "new_contact_name",
                "new_contact_email",
                "old_contact_email",
                "status",
                "created_at",
            ),
            erase="delete",
        )
    )
    register(
        PersonalDataSource(
            key="group_imports",
            model_label="intake.GroupImport",
            label="Audit files checked but not yet applied that mention the person",
            export_fields=("file_name", "status", "uploaded_at"),
            scrub_fields=("rows",),
        )
    )
    register(
        PersonalDataSource(
            key="moderation_decisions",
            model_label="intake.ModerationDecision",
            label="Moderation decisions that mention the person",
            export_fields=("group__name", "action", "decided_at"),
            scrub_fields=("reason",),
        )
    )
    register(
        PersonalDataSource(
            key="emails",
            model_label="intake.OutboundEmail",
            label="Emails the hub sent to the person or that mention them",
            export_fields=("subject", "template", "status", "created_at", "sent_at"),
            delete_if_mentioned_in=("to",),
            scrub_fields=("subject", "body_text", "body_html", "last_error"),
            scrub_rows_naming_them=True,
        )
    )
    register(
        PersonalDataSource(
            key="idempotency_records",
            model_label="intake.IdempotencyKey",
            label="Stored answers to the person's form submissions",
            export_fields=("scope", "created_at"),
            delete_if_mentioned_in=("response_body",),
        )
    )
    register(
        PersonalDataSource(
            key="search_log",
            model_label="hub_search.QueryLog",
            label="Searches for the email address",
            export_fields=("query", "created_at"),
            delete_if_mentioned_in=("query",),
        )
    )
