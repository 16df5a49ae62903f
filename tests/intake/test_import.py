"""Importing the audit of groups: the editors' upload over HTTP, and the operators' command."""

import csv
import io
import re

from django.core import mail
from django.core.management import CommandError, call_command

import pytest
from openpyxl import Workbook, load_workbook

from intake.imports import COLUMNS
from intake.models import GroupImport, ModerationDecision, UserGroup
from tests.intake.factories import UserGroupFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in COLUMNS]


def _row(**overrides) -> dict:
    row = {
        "Name": "Port freight statistics users",
        "Summary": "Users of port freight statistics talk to the producers twice a year.",
        "Description": "Shipping lines, ports and analysts discuss freight releases.",
        "Themes": "International trade",
        "Producing organisations": "DfT; ONS",
        "Administering body": "Department for Transport",
        "Membership": "Open to all",
        "How to join": "",
        "Meeting frequency": "Twice a year",
        "Format": "Online",
        "Nations and regions": "England; Wales",
        "Audiences": "Businesses",
        "Website": "https://www.gov.uk/port-freight",
        "Contact name": "Maritime statistics",
        "Contact email": "Maritime@DfT.example.gov.uk",
        "Contact email public": "no",
        "Next meeting": "",  # in older audit spreadsheets: ignored
    }
    row.update(overrides)
    return row


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*HEADERS, "Next meeting"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


class _NamedBytes(io.BytesIO):
    name = ""


def _file(content: bytes, name: str):
    handle = _NamedBytes(content)
    handle.name = name
    return handle


def _check(client, content: bytes, name: str = "audit.csv"):
    response = client.post("/admin/group-import/", {"file": _file(content, name)})
    assert response.status_code == 200
    return response.content.decode()


def _rows_in_report(html: str) -> dict[int, str]:
    return {
        int(row): action
        for row, action in re.findall(r'<tr data-row="(\d+)" data-action="(\w+)">', html)
    }


def _apply(client, html: str, django_capture_on_commit_callbacks):
    apply_url = re.search(r'action="(/admin/group-import/\d+/apply/)"', html).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def existing():
    return UserGroupFactory(
        name="Construction industry statistics forum",
        summary="Producers and users of construction statistics.",
        description="Meets twice a year to discuss construction output and new orders.",
        themes=[Theme.objects.get(slug="construction-industry")],
    )


def test_a_mixed_file_is_reported_row_by_row_and_nothing_is_written(admin_client, existing):
    content = _csv(
        [
            _row(),
            _row(Name="Construction industy statistics forum", Summary="Construction users."),
            _row(
                Name="Health data users",
                Themes="Helth",
                **{"Producing organisations": "ONZ", "Contact email": "not-an-email"},
            ),
            _row(Name="Census users", Summary="", **{"Next meeting": "31/02/2030"}),
        ]
    )
    before = UserGroup.objects.count()
    html = _check(admin_client, content)
    assert _rows_in_report(html) == {2: "create", 3: "skip", 4: "error", 5: "error"}
    assert "1 to create, 0 to update, 1 to skip, 2 with errors" in html
    assert "Looks like the listed group “Construction industry statistics forum”" in html
    assert (
        "Row 4, column D (Themes): “Helth” is not a theme we know. "
        "Did you mean “Health and social care”?"
    ) in html
    assert (
        "Row 4, column E (Producing organisations): “ONZ” is not an organisation we know. "
        "Did you mean “Office for National Statistics”?"
    ) in html
    assert (
        "Row 4, column O (Contact email): Enter an email address in the correct format, "
        "like name@example.com."
    ) in html
    assert "Row 5, column B (Summary): Enter a one-sentence summary of what the group does." in html
    # An older spreadsheet's "Next meeting" column is ignored: meetings are added, not typed.
    assert "(Next meeting)" not in html
    assert "Apply the import" not in html, "a file with errors cannot be applied"
    assert UserGroup.objects.count() == before
    assert not mail.outbox


def test_applying_twice_creates_each_listing_once_and_is_recorded(
    admin_client, existing, django_capture_on_commit_callbacks
):
    content = _csv([_row(), _row(Name="Rail passenger statistics users", Themes="Census")])
    html = _check(admin_client, content, "gss-audit-2026.csv")
    assert _rows_in_report(html) == {2: "create", 3: "create"}
    done = _apply(admin_client, html, django_capture_on_commit_callbacks)
    assert "Imported “gss-audit-2026.csv”: 2 listings created, 0 updated, 0 skipped." in done

    imported = UserGroup.objects.filter(imported_at__isnull=False)
    assert imported.count() == 2
    port = imported.get(name="Port freight statistics users")
    assert port.status == UserGroup.Status.LISTED
    assert port.contact_email == "maritime@dft.example.gov.uk"
    assert sorted(port.producing_organisations.values_list("slug", flat=True)) == ["dft", "ons"]
    assert sorted(port.regions.values_list("slug", flat=True)) == ["england", "wales"]
    assert port.administering_body.slug == "dft"
    assert port.is_unconfirmed_import
    assert ModerationDecision.objects.filter(
        group=port, action=ModerationDecision.Action.IMPORT
    ).exists()

    # One email per contact, listing both listings with a signed link each.
    (email,) = mail.outbox
    assert email.to == ["maritime@dft.example.gov.uk"]
    assert email.subject == "Check your 2 group listings on the USER hub"
    links = re.findall(r"http://testserver(/manage/[^/\s]+/)", email.body)
    assert len(links) == 2

    # The audit trail: who, when, which file and the counts; no copy of the rows.
    batch = GroupImport.objects.get(file_name="gss-audit-2026.csv")
    assert batch.status == GroupImport.Status.APPLIED
    assert batch.applied_by.username == "admin"
    assert batch.counts == {"rows": 2, "created": 2, "updated": 0, "skipped": 0}
    assert batch.rows == []

    # The same file again: every row matches, nothing changes, nobody is emailed again.
    mail.outbox.clear()
    html = _check(admin_client, content, "gss-audit-2026.csv")
    assert _rows_in_report(html) == {2: "skip", 3: "skip"}
    assert "Matches an imported listing with the same details" in html
    done = _apply(admin_client, html, django_capture_on_commit_callbacks)
    assert "0 listings created, 0 updated, 2 skipped" in done
    assert UserGroup.objects.filter(imported_at__isnull=False).count() == 2
    assert not mail.outbox
    history = admin_client.get("/admin/group-import/").content.decode()
    assert history.count("gss-audit-2026.csv") == 2

    # The public page says it is imported and not confirmed, until the contact confirms it.
    page = admin_client.get(port.get_absolute_url()).content.decode()
    assert "Imported, not yet confirmed" in page
    dashboard = admin_client.get(links[0]).content.decode()
    assert "Port freight statistics users" in dashboard
    assert "We added this listing from the audit of existing groups." in dashboard
    admin_client.post(f"{links[0]}confirm/")
    port.refresh_from_db()
    assert port.last_confirmed_at is not None
    assert port.email_verified_at is not None, "using the link proves the address"
    page = admin_client.get(port.get_absolute_url()).content.decode()
    assert "Imported, not yet confirmed" not in page
    assert "Last confirmed on" in page


def test_an_unconfirmed_import_is_updated_and_a_confirmed_one_left_alone(
    admin_client, django_capture_on_commit_callbacks
):
    html = _check(admin_client, _csv([_row()]))
    _apply(admin_client, html, django_capture_on_commit_callbacks)
    changed = _csv([_row(Summary="A new summary for port freight users.", Format="Hybrid")])
    html = _check(admin_client, changed)
    assert _rows_in_report(html) == {2: "update"}
    assert "Updates the imported listing: summary, format." in html
    _apply(admin_client, html, django_capture_on_commit_callbacks)
    group = UserGroup.objects.get(name="Port freight statistics users")
    assert group.summary == "A new summary for port freight users."
    assert group.format == "hybrid"

    group.last_confirmed_at = group.imported_at
    group.save()
    html = _check(admin_client, _csv([_row(Summary="Yet another summary.")]))
    assert _rows_in_report(html) == {2: "skip"}
    assert "Matches an existing listing its contact looks after" in html


def test_an_excel_workbook_is_read_like_the_template(
    admin_client, django_capture_on_commit_callbacks
):
    template = admin_client.get("/admin/group-import/template.xlsx")
    assert template.status_code == 200
    workbook = load_workbook(io.BytesIO(template.content))
    assert [c.value for c in workbook["Groups"][1]] == HEADERS
    allowed = [row[0] for row in workbook["Allowed values"].iter_rows(values_only=True)]
    assert "Health and social care" in allowed

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    row = _row(Name="Workbook group for fisheries users", Membership="Invitation only")
    sheet.append([row[h] for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    html = _check(admin_client, out.getvalue(), "audit.xlsx")
    assert "Row 2, column H (How to join): Enter how people can contact the group" in html

    csv_template = admin_client.get("/admin/group-import/template.csv")
    assert csv_template.content.decode().strip() == ",".join(HEADERS)


def test_bad_files_are_refused_with_a_message(admin_client):
    html = _check(admin_client, b"just some text", "audit.txt")
    assert "The selected file must be a CSV or an Excel (.xlsx) file." in html
    html = _check(admin_client, b"Name,Summary\nA,B\n", "audit.csv")
    assert "The file is missing these columns: Description, Themes" in html
    html = _check(admin_client, b"not really a workbook", "audit.xlsx")
    assert "could not be read as an Excel workbook" in html
    assert not GroupImport.objects.exists()


def test_only_editors_can_import(client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="pw-reader-1")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/group-import/").status_code in (302, 403)
    response = client.post("/admin/group-import/", {"file": _file(_csv([_row()]), "a.csv")})
    assert response.status_code in (302, 403)
    assert not GroupImport.objects.exists()


def test_the_command_dry_run_writes_nothing_then_imports_with_progress(tmp_path, existing):
    path = tmp_path / "audit.csv"
    path.write_bytes(_csv([_row(), _row(Name="Construction industry statistics forums")]))
    out = io.StringIO()
    call_command("import_groups", str(path), "--dry-run", stdout=out)
    assert "2 rows: 1 to create, 0 to update, 1 to skip, 0 with errors." in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert not GroupImport.objects.exists()
    assert not UserGroup.objects.filter(imported_at__isnull=False).exists()

    out = io.StringIO()
    call_command("import_groups", str(path), stdout=out)
    assert "Importing [" in out.getvalue() and "rows/s" in out.getvalue()
    assert "Imported audit.csv: 1 created, 0 updated, 1 skipped." in out.getvalue()
    assert UserGroup.objects.filter(imported_at__isnull=False).count() == 1

    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv([_row(Themes="Nonsense")]))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_groups", str(bad), stdout=io.StringIO())
    assert GroupImport.objects.count() == 1


def test_the_similarity_index_finds_what_comparing_with_every_group_finds():
    """The importer's index is exact: the same best match as scoring every listed group."""
    import random

    from intake.selectors import (
        SIMILARITY_THRESHOLD,
        SimilarityIndex,
        similarity_features,
        similarity_of_features,
    )

    rng = random.Random(14)
    words = ["port", "freight", "rail", "health", "housing", "census", "trade", "crime",
             "wages", "prices", "farm", "fish", "energy", "water", "roads", "schools"]  # fmt: skip

    def text(n):
        return " ".join(rng.choice(words) for _ in range(n))

    groups = [(i, similarity_features(name=text(3), text=text(8))) for i in range(300)]
    index = SimilarityIndex(groups)
    for _ in range(200):
        features = similarity_features(name=text(rng.randint(1, 4)), text=text(rng.randint(0, 9)))
        brute = max(similarity_of_features(features, other) for _i, other in groups)
        score, _item = index.most_similar(features)
        expected = brute if brute >= SIMILARITY_THRESHOLD else 0.0
        assert score == pytest.approx(expected)
