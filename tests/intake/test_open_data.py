"""The public register as open data: listed groups only, public fields only, licence and date."""

import csv
import datetime as dt
import io

from django.utils import timezone

import pytest

from intake.models import UserGroup
from tests.intake.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    shown = UserGroupFactory(
        name="Arctic shipping users",
        contact_email="public@example.gov.uk",
        contact_email_public=True,
    )
    private = UserGroupFactory(name="Bog moss statistics forum", contact_email="me@example.org")
    formula = UserGroupFactory(name="=HYPERLINK(1) group", summary="+SUM(A1)")
    for status in ("pending", "hidden", "archived", "rejected"):
        UserGroupFactory(name=f"Not listed {status}", status=status)
    return shown, private, formula


def test_json_holds_listed_groups_with_public_fields_licence_and_date(client, register):
    shown, _private, _formula = register
    response = client.get("/groups/download.json")
    assert response.status_code == 200
    data = response.json()
    assert data["licence"]["name"] == "Open Government Licence v3.0"
    generated = dt.datetime.fromisoformat(data["generated_at"])
    assert abs((timezone.now() - generated).total_seconds()) < 60
    assert data["count"] == 3
    names = [g["name"] for g in data["groups"]]
    assert names == ["=HYPERLINK(1) group", "Arctic shipping users", "Bog moss statistics forum"]
    arctic = data["groups"][1]
    assert arctic["contact_email"] == "public@example.gov.uk"
    assert arctic["url"] == f"http://testserver/groups/{shown.slug}/"
    assert arctic["themes"] == ["Construction industry"]
    assert arctic["membership"] == "Open to all"
    assert arctic["administering_body"] == shown.administering_body.name
    assert arctic["format"] == shown.get_format_display()
    # The published columns, in their published order.
    assert list(arctic) == [
        "name", "url", "summary", "description", "themes", "producing_organisations",
        "administering_body", "membership", "how_to_join", "meeting_frequency", "format",
        "regions", "audiences", "website", "contact_name", "contact_email", "next_meeting",
        "last_confirmed", "confirmation",
    ]  # fmt: skip
    assert data["groups"][2]["contact_email"] == ""
    assert "me@example.org" not in response.content.decode()
    assert "Not listed" not in response.content.decode()
    assert f"user-groups-{data['generated_at'][:10]}.json" in response["Content-Disposition"]


def test_csv_is_safe_in_spreadsheets_and_private_addresses_stay_out(client, register):
    response = client.get("/groups/download.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "open-government-licence" in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["name"] for r in rows] == [
        "'=HYPERLINK(1) group",
        "Arctic shipping users",
        "Bog moss statistics forum",
    ]
    assert rows[0]["summary"] == "'+SUM(A1)"
    assert rows[1]["contact_email"] == "public@example.gov.uk"
    assert rows[2]["contact_email"] == ""
    assert "me@example.org" not in response.content.decode()


def test_the_directory_links_to_the_downloads_and_states_the_licence(client, register):
    html = client.get("/groups/").content.decode()
    assert 'href="/groups/download.csv"' in html
    assert 'href="/groups/download.json"' in html
    assert "Open Government Licence v3.0" in html


@pytest.mark.parametrize("count", [5, 50])
def test_the_download_costs_the_same_queries_however_many_groups(
    client, count, django_assert_max_num_queries
):
    for _ in range(count):
        UserGroupFactory()
    with django_assert_max_num_queries(8):
        response = client.get("/groups/download.json")
    assert response.json()["count"] == count
    assert UserGroup.objects.count() == count
