"""Importing the audit of existing user groups from a spreadsheet (CSV or XLSX).

Checking a file writes only a ``GroupImport`` record holding the rows as read, and returns a
report row by row: what will be created, what matches an existing listing (and is updated or
skipped) and every error with its row, column and how to fix it. Applying re-checks the rows
against the register as it is then and writes everything in one transaction, or nothing.
A file applied twice creates each listing once: the second time every row matches.
"""

import csv
import datetime as dt
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from rapidfuzz import fuzz

from cms.editorial.models import Organisation
from intake.links import manage_link
from intake.listing import RELATIONS, current_value, field_length
from intake.models import Audience, GroupImport, ModerationDecision, Region, UserGroup
from intake.privacy.retention import every_period_text, unconfirmed_listing_sentence
from intake.selectors import SimilarityIndex, _normalise, similarity_features
from intake.services import _save_with_unique_slug
from intake.submissions.emails import email_queue
from intake.submissions.tokens import absolute_url
from themes.models import Theme

logger = logging.getLogger(__name__)

MAX_ROWS = 10_000
MAX_BYTES = 10 * 1024 * 1024
SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    missing: str = ""


COLUMNS = [
    Column("name", "Name", True, "The group's name.", "Enter the name of the group."),
    Column(
        "summary",
        "Summary",
        True,
        "One sentence shown in search results (300 characters at most).",
        "Enter a one-sentence summary of what the group does.",
    ),
    Column("description", "Description", True, "What the group does.", "Enter a description."),
    Column(
        "themes",
        "Themes",
        True,
        "One or more themes, separated by semicolons.",
        "Enter at least one theme the group covers.",
    ),
    Column(
        "producing_organisations",
        "Producing organisations",
        True,
        "Organisations producing the statistics (name or abbreviation), separated by semicolons.",
        "Enter at least one organisation that produces the statistics.",
    ),
    Column(
        "administering_body",
        "Administering body",
        True,
        "The one organisation that runs the group.",
        "Enter the organisation that runs the group.",
    ),
    Column("membership", "Membership", True, "Who can join.", "Enter who can join the group."),
    Column(
        "how_to_join",
        "How to join",
        False,
        "Needed when the group is invitation only.",
    ),
    Column(
        "meeting_frequency",
        "Meeting frequency",
        True,
        "How often the group meets.",
        "Enter how often the group meets.",
    ),
    Column("format", "Format", True, "How the group meets.", "Enter how the group meets."),
    Column(
        "regions",
        "Nations and regions",
        True,
        "Places the group covers, separated by semicolons.",
        "Enter at least one nation or region the group covers.",
    ),
    Column("audiences", "Audiences", False, "Whom the group serves, separated by semicolons."),
    Column("website", "Website", False, "The group's web page, starting https://."),
    Column(
        "contact_name",
        "Contact name",
        True,
        "The person or team to contact.",
        "Enter the name of the person or team to contact.",
    ),
    Column(
        "contact_email",
        "Contact email",
        True,
        "They are emailed a link to confirm or correct the listing.",
        "Enter the contact email address.",
    ),
    Column(
        "contact_email_public",
        "Contact email public",
        False,
        "Yes to show the email address on the group's page; blank or no to keep it private.",
    ),
]
# No "Next meeting" column: a group's next meeting comes from the meetings its contact adds
# through the manage link, so a column of that name in an older spreadsheet is ignored.
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
MULTI = set(RELATIONS)
CHOICES = {
    "membership": UserGroup.Membership,
    "meeting_frequency": UserGroup.Frequency,
    "format": UserGroup.Format,
}
MAX_LENGTHS = {key: field_length(key) for key in ("name", "summary", "contact_name", "website")}
# Fields an import compares and may update on a listing nobody has confirmed yet.
COMPARED = [c.key for c in COLUMNS]


class ImportFileError(ValueError):
    """The file cannot be read as the template describes."""


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _header_key(text) -> str:
    return re.sub(r"[^a-z]+", "_", str(text or "").strip().lower()).strip("_")


_HEADERS = {}
for _column in COLUMNS:
    _HEADERS[_header_key(_column.header)] = _column.key
    _HEADERS[_column.key] = _column.key


# --- Reading the file ---------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time() else f"{value:%Y-%m-%d}"
        )
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table_from_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def _table_from_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            "The file could not be read as an Excel workbook. Save it again as .xlsx or .csv."
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_rows(*, file_name: str, content: bytes) -> list[dict]:
    """The file's data rows as ``{"row": n, "values": {key: text}}``, keyed by column."""
    if not content:
        raise ImportFileError("The selected file is empty.")
    if len(content) > MAX_BYTES:
        raise ImportFileError("The selected file must be smaller than 10MB.")
    lower = (file_name or "").lower()
    if lower.endswith(".xlsx"):
        table = _table_from_xlsx(content)
    elif lower.endswith(".csv"):
        table = _table_from_csv(content)
    else:
        raise ImportFileError("The selected file must be a CSV or an Excel (.xlsx) file.")
    while table and not any(table[0]):
        table.pop(0)
    if not table:
        raise ImportFileError("The selected file is empty.")
    header = [_HEADERS.get(_header_key(cell), "") for cell in table[0]]
    missing = [c.header for c in COLUMNS if c.required and c.key not in header]
    if missing:
        raise ImportFileError(
            "The file is missing these columns: "
            + ", ".join(missing)
            + ". Use the template, which has every column."
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        values = dict.fromkeys(COLUMN_BY_KEY, "")
        for index, key in enumerate(header):
            if key and index < len(cells):
                values[key] = cells[index]
        rows.append({"row": number, "values": values})
    if not rows:
        raise ImportFileError("The file has no rows of groups under the column headings.")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows. Split it into parts.")
    columns = {key: _letter(i) for i, key in enumerate(header) if key}
    for row in rows:
        row["columns"] = columns
    return rows


# --- The template -------------------------------------------------------------------------------


def allowed_values() -> dict[str, list[str]]:
    return {
        "themes": list(Theme.objects.order_by("name").values_list("name", flat=True)),
        "producing_organisations": [
            f"{name} ({abbr})" if abbr else name
            for name, abbr in Organisation.objects.order_by("name").values_list(
                "name", "abbreviation"
            )
        ],
        "regions": list(
            Region.objects.order_by("sort_order", "name").values_list("name", flat=True)
        ),
        "audiences": list(
            Audience.objects.order_by("sort_order", "name").values_list("name", flat=True)
        ),
        **{key: [label for _value, label in choices.choices] for key, choices in CHOICES.items()},
    }


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    return out.getvalue()


def template_xlsx() -> bytes:
    """A workbook with the column headings, a sheet of guidance and one of allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    groups = workbook.active
    groups.title = "Groups"
    groups.append([c.header for c in COLUMNS])
    for cell in groups[1]:
        cell.font = Font(bold=True)
    guidance = workbook.create_sheet("Guidance")
    guidance.append(["Column", "Required", "What to enter"])
    for column in COLUMNS:
        guidance.append([column.header, "Yes" if column.required else "No", column.help])
    values = workbook.create_sheet("Allowed values")
    allowed = allowed_values()
    keys = [
        "themes",
        "producing_organisations",
        "administering_body",
        "membership",
        "meeting_frequency",
        "format",
        "regions",
        "audiences",
    ]
    allowed["administering_body"] = allowed["producing_organisations"]
    values.append([COLUMN_BY_KEY[k].header for k in keys])
    depth = max(len(allowed[k]) for k in keys)
    for index in range(depth):
        values.append([allowed[k][index] if index < len(allowed[k]) else None for k in keys])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Checking the rows --------------------------------------------------------------------------


class _Vocabulary:
    """Known values of one kind, matched by name, slug or abbreviation in any case."""

    def __init__(self, entries: list[tuple[int, str, list[str]]]):
        self.by_text: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for pk, name, aliases in entries:
            self.names[pk] = name
            for alias in [name, *aliases]:
                if alias:
                    self.by_text.setdefault(_normalise(alias), pk)

    def find(self, text: str) -> int | None:
        return self.by_text.get(_normalise(text))

    def closest(self, text: str) -> str:
        """The known value most like what was typed: the whole text, or one of its words,
        spelt nearly the same (so "Helth" suggests "Health and social care")."""
        typed = _normalise(text)
        if not typed:
            return ""
        candidates = []
        for known, pk in self.by_text.items():
            whole = fuzz.ratio(typed, known) / 100
            word = max((fuzz.ratio(typed, w) for w in known.split()), default=0) / 100 * 0.95
            if max(whole, word) >= 0.6:
                candidates.append((max(whole, word), whole, self.names[pk]))
        return max(candidates)[2] if candidates else ""


def _vocabularies() -> dict[str, _Vocabulary]:
    organisations = _Vocabulary(
        [
            (pk, name, [abbr, slug, f"{name} ({abbr})" if abbr else ""])
            for pk, name, abbr, slug in Organisation.objects.values_list(
                "pk", "name", "abbreviation", "slug"
            )
        ]
    )
    return {
        "themes": _Vocabulary(
            [(pk, n, [s]) for pk, n, s in Theme.objects.values_list("pk", "name", "slug")]
        ),
        "producing_organisations": organisations,
        "administering_body": organisations,
        "regions": _Vocabulary(
            [(pk, n, [s]) for pk, n, s in Region.objects.values_list("pk", "name", "slug")]
        ),
        "audiences": _Vocabulary(
            [(pk, n, [s]) for pk, n, s in Audience.objects.values_list("pk", "name", "slug")]
        ),
        **{
            key: _Vocabulary(
                [(i, label, [value]) for i, (value, label) in enumerate(choices.choices)]
            )
            for key, choices in CHOICES.items()
        },
    }


_KIND = {
    "themes": "a theme",
    "producing_organisations": "an organisation",
    "administering_body": "an organisation",
    "regions": "a nation or region",
    "audiences": "an audience",
    "membership": "a kind of membership",
    "meeting_frequency": "a meeting frequency",
    "format": "a meeting format",
}
_YES = {"yes", "y", "true", "1", "public"}
_NO = {"", "no", "n", "false", "0", "private"}
_url = URLValidator(schemes=["http", "https"])


@dataclass
class RowReport:
    row: int
    name: str
    action: str = "create"  # create, update, skip or error
    errors: list[dict] = field(default_factory=list)
    note: str = ""
    match_id: int | None = None
    match_name: str = ""
    changes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    rows: list[RowReport]

    @property
    def errors(self) -> list[dict]:
        return [error for row in self.rows for error in row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            **{a: self.count(a) for a in ("create", "update", "skip", "error")},
        }

    @property
    def is_valid(self) -> bool:
        return not any(row.errors for row in self.rows)


def _clean_row(row: dict, vocab: dict[str, _Vocabulary]) -> tuple[dict, list[dict]]:
    values, columns = row["values"], row.get("columns", {})
    data: dict = {}
    errors: list[dict] = []

    def error(key: str, message: str) -> None:
        column = COLUMN_BY_KEY[key]
        letter = columns.get(key, "")
        errors.append(
            {
                "row": row["row"],
                "column": f"{letter} ({column.header})" if letter else column.header,
                "field": key,
                "message": message,
            }
        )

    for column in COLUMNS:
        key = column.key
        text = (values.get(key) or "").strip()
        if not text:
            if column.required:
                error(key, column.missing)
            data[key] = [] if key in MULTI else ""
            if key == "contact_email_public":
                data[key] = False
            continue
        if key in MULTI or key in CHOICES or key == "administering_body":
            parts = [p.strip() for p in text.split(SEPARATOR) if p.strip()]
            if key not in MULTI and len(parts) > 1:
                error(key, f"Enter only one value for {column.header.lower()}.")
                continue
            found = []
            for part in parts:
                pk = vocab[key].find(part)
                if pk is None:
                    closest = vocab[key].closest(part)
                    hint = f" Did you mean “{closest}”?" if closest else ""
                    error(key, f"“{part}” is not {_KIND[key]} we know.{hint}")
                else:
                    found.append(pk)
            if key in CHOICES:
                if found:
                    data[key] = CHOICES[key].choices[found[0]][0]
            elif key == "administering_body":
                data[key] = found[0] if found else None
            else:
                data[key] = sorted(set(found))
        elif key == "contact_email":
            try:
                validate_email(text)
            except ValidationError:
                error(key, "Enter an email address in the correct format, like name@example.com.")
            data[key] = text.lower()
        elif key == "website":
            try:
                _url(text)
            except ValidationError:
                error(
                    key,
                    "Enter a website address in the correct format, like "
                    "https://www.example.gov.uk.",
                )
            data[key] = text
        elif key == "contact_email_public":
            lowered = text.lower()
            if lowered not in _YES | _NO:
                error(key, "Enter yes or no for whether the contact email is public.")
            data[key] = lowered in _YES
        else:
            limit = MAX_LENGTHS.get(key)
            if limit and len(text) > limit:
                error(key, f"{column.header} must be {limit} characters or fewer.")
            data[key] = text
    if data.get("membership") == UserGroup.Membership.INVITATION and not data.get("how_to_join"):
        error(
            "how_to_join", "Enter how people can contact the group, because it is invitation only."
        )
    return data, errors


def import_check_rows(*, rows: list[dict]) -> ImportReport:
    """The report for rows as read, against the register as it is now. Reads only.

    The register is read in a fixed number of queries whatever the number of rows: the
    similarity of each row to every listed group is worked out in memory.
    """
    vocab = _vocabularies()
    existing = list(
        UserGroup.objects.exclude(status=UserGroup.Status.REJECTED).values(
            "id", "name", "summary", "description", "administering_body_id", "status"
        )
    )
    by_key = {(_normalise(g["name"]), g["administering_body_id"]): g for g in existing}
    listed = SimilarityIndex(
        [
            (g, similarity_features(name=g["name"], text=f"{g['summary']} {g['description']}"))
            for g in existing
            if g["status"] == UserGroup.Status.LISTED
        ]
    )
    reports: list[RowReport] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        data, errors = _clean_row(row, vocab)
        report = RowReport(row=row["row"], name=data.get("name", ""), errors=errors, data=data)
        reports.append(report)
        key = (_normalise(data.get("name", "")), data.get("administering_body"))
        if key[0] and key in seen:
            report.errors.append(
                {
                    "row": row["row"],
                    "column": COLUMN_BY_KEY["name"].header,
                    "field": "name",
                    "message": f"This group is already in row {seen[key]}. Remove one of the rows.",
                }
            )
        seen.setdefault(key, row["row"])
        if report.errors:
            report.action = "error"
            continue
        match = by_key.get(key)
        if match is not None:
            report.match_id, report.match_name = match["id"], match["name"]
            continue  # update or skip: decided below, with the listing's current values
        features = similarity_features(
            name=data["name"], text=f"{data['summary']} {data['description']}"
        )
        best = listed.most_similar(features)
        if best[1] is not None:
            report.action = "skip"
            report.match_id, report.match_name = best[1]["id"], best[1]["name"]
            report.note = (
                f"Looks like the listed group “{best[1]['name']}”, so it is not imported. "
                "If it is a different group, change its name in the file."
            )
    matched = {r.match_id for r in reports if r.match_id and r.action == "create"}
    groups = {
        g.pk: g for g in UserGroup.objects.filter(pk__in=matched).prefetch_related(*sorted(MULTI))
    }
    for report in reports:
        if report.action != "create" or report.match_id not in groups:
            continue
        group = groups[report.match_id]
        if not group.is_unconfirmed_import:
            report.action = "skip"
            report.note = (
                "Matches an existing listing its contact looks after, so it is left as it is."
                if group.status not in (UserGroup.Status.ARCHIVED,)
                else "Matches an archived listing, so it is not brought back."
            )
            continue
        current = {key: current_value(group, key) for key in COMPARED}
        report.changes = [k for k in COMPARED if current.get(k) != report.data.get(k)]
        if report.changes:
            report.action = "update"
            labels = ", ".join(COLUMN_BY_KEY[k].header.lower() for k in report.changes)
            report.note = f"Updates the imported listing: {labels}."
        else:
            report.action = "skip"
            report.note = "Matches an imported listing with the same details: nothing to change."
    return ImportReport(rows=reports)


# --- Services -----------------------------------------------------------------------------------


def group_import_check(
    *,
    file_name: str,
    content: bytes,
    uploaded_by=None,
    source: str = "admin",
    dry_run: bool = False,
) -> tuple[GroupImport | None, ImportReport]:
    """Read and check a file; store the rows for applying, unless it is a dry run (then
    nothing is written). Raises ImportFileError."""
    rows = read_rows(file_name=file_name, content=content)
    report = import_check_rows(rows=rows)
    if dry_run:
        return None, report
    batch = GroupImport.objects.create(
        file_name=(file_name or "")[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        rows=rows,
        counts=report.counts,
        source=source,
        uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,
    )
    return batch, report


def _set_fields(group: UserGroup, data: dict) -> None:
    for key in COMPARED:
        if key in MULTI:
            continue
        if key == "administering_body":
            group.administering_body_id = data[key]
        else:
            setattr(group, key, data[key])


def group_import_apply(*, import_id: int, applied_by=None, progress=None) -> GroupImport:
    """Apply a checked import: all of it or nothing. Contacts of new listings are emailed a link
    to confirm or correct them. Applying the same import again is refused; applying the same
    file again matches every row and changes nothing."""
    now = timezone.now()
    user = applied_by if getattr(applied_by, "pk", None) else None
    with transaction.atomic():
        batch = GroupImport.objects.select_for_update().filter(pk=import_id).first()
        if batch is None:
            raise ValidationError("This import no longer exists. Upload the file again.")
        if batch.status == GroupImport.Status.APPLIED:
            raise ValidationError("This import has already been applied.", code="already_applied")
        report = import_check_rows(rows=batch.rows)
        if not report.is_valid:
            raise ValidationError(
                "The file has errors, so nothing was imported. Correct the rows listed and "
                "upload the file again.",
                code="invalid",
            )
        created: dict[str, list[UserGroup]] = {}
        done = 0
        for row in report.rows:
            if row.action == "create":
                group = UserGroup(
                    status=UserGroup.Status.LISTED,
                    imported_at=now,
                    import_batch=batch,
                    created_at=now,
                )
                _set_fields(group, row.data)
                _save_with_unique_slug(group)
                action = ModerationDecision.Action.IMPORT
                created.setdefault(group.contact_email, []).append(group)
            elif row.action == "update":
                group = UserGroup.objects.select_for_update().get(pk=row.match_id)
                _set_fields(group, row.data)
                group.import_batch = batch
                group.save()
                action = ModerationDecision.Action.IMPORT_UPDATE
            else:
                done += 1
                if progress:
                    progress(done)
                continue
            for key in MULTI:
                if key in row.changes or row.action == "create":
                    getattr(group, key).set(row.data[key])
            ModerationDecision.objects.create(
                group=group,
                action=action,
                reason=f"Row {row.row} of {batch.file_name}",
                decided_by=user,
            )
            done += 1
            if progress:
                progress(done)
        for address, groups in created.items():
            email_queue(
                to=[address],
                template="group_imported",
                subject=(
                    f"Check your listing for {groups[0].name} on the USER hub"
                    if len(groups) == 1
                    else f"Check your {len(groups)} group listings on the USER hub"
                ),
                context={
                    "links": [
                        {
                            "group": g,
                            "url": manage_link(group=g),
                            "group_url": absolute_url(g.get_absolute_url()),
                        }
                        for g in groups
                    ],
                    "cycle": every_period_text(settings.LISTING_CONFIRMATION_CYCLE_DAYS),
                    "retention": unconfirmed_listing_sentence(),
                },
            )
        batch.status = GroupImport.Status.APPLIED
        batch.applied_by = user
        batch.applied_at = now
        batch.counts = {
            "rows": len(report.rows),
            "created": report.count("create"),
            "updated": report.count("update"),
            "skipped": report.count("skip"),
        }
        batch.rows = []  # no copy of the contacts' details stays behind
        batch.save()
    logger.info(
        "group import applied",
        extra={"import_id": batch.pk, "file_name": batch.file_name, **batch.counts},
    )
    return batch
