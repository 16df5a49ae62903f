"""The re-confirmation cycle, with the clock moved by time-machine: due, reminded, flagged,
hidden and back to current, with the emails each step sends, over real HTTP."""

import datetime as dt
import io
import re

from django.core import mail
from django.core.management import call_command

import pytest
import time_machine

from intake.models import ModerationDecision, UserGroup
from tests.intake.factories import UserGroupFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 10, 10, 0, tzinfo=dt.UTC)
EDITORS = "editors@userhub.example"


def _run(capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("run_confirmation_cycle", stdout=out)
    return out.getvalue().strip()


def _link(email) -> str:
    return re.search(r"http://testserver(/manage/[^/\s]+/)", email.body).group(1)


def _subjects() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_a_listing_moves_through_the_cycle_and_back(client, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with time_machine.travel(START, tick=False) as clock:
        with capture(execute=True):
            group = UserGroupFactory(
                name="Lighthouse keepers statistics users", contact_email="keeper@example.gov.uk"
            )
        other = UserGroupFactory(name="Always confirmed group")
        page_url = group.get_absolute_url()
        assert "Last confirmed on 10 January 2026" in client.get(page_url).content.decode()
        assert _run(capture) == "Reminded 0, flagged 0, hidden 0."
        assert not mail.outbox

        # Eleven months on: nothing yet; a month before it is due, the first reminder.
        clock.move_to(START + dt.timedelta(days=330))
        assert _run(capture) == "Reminded 0, flagged 0, hidden 0."
        clock.move_to(START + dt.timedelta(days=336))
        other.last_confirmed_at = START + dt.timedelta(days=300)
        other.save()
        assert _run(capture) == "Reminded 1, flagged 0, hidden 0."
        assert _subjects() == [
            (
                "keeper@example.gov.uk",
                "Your listing for Lighthouse keepers statistics users is due to be confirmed soon",
            )
        ]
        (reminder,) = mail.outbox
        assert "is due to be confirmed on 10 January 2027" in reminder.body
        assert "was last confirmed on 10 January 2026" in reminder.body
        assert "confirmed by their contact every year," in reminder.body
        assert client.get(_link(reminder)).status_code == 200
        # Safe to run twice: nothing is sent again.
        assert _run(capture) == "Reminded 0, flagged 0, hidden 0."
        assert len(mail.outbox) == 1
        assert "Not confirmed since" not in client.get(page_url).content.decode()

        # Due: a second reminder, the page and search results flag it, editors are told.
        mail.outbox.clear()
        clock.move_to(START + dt.timedelta(days=366))
        assert _run(capture) == "Reminded 0, flagged 1, hidden 0."
        assert _subjects() == [
            (EDITORS, "Group listings not confirmed: 1 now overdue, 0 now hidden"),
            (
                "keeper@example.gov.uk",
                "Confirm your listing for Lighthouse keepers statistics users: it is due",
            ),
        ]
        editors = next(m for m in mail.outbox if m.to == ["editors@userhub.example"])
        assert "Lighthouse keepers statistics users, not confirmed since 10 January 2026" in (
            editors.body
        )
        contact = next(m for m in mail.outbox if m.to == ["keeper@example.gov.uk"])
        assert "If it is not confirmed by 11 April 2027" in contact.body
        page = client.get(page_url).content.decode()
        assert "Not confirmed since 10 January 2026" in page
        directory = client.get("/groups/").content.decode()
        assert directory.count("Not confirmed since 10 January 2026") == 1
        results = client.get("/search/", {"q": "lighthouse keepers"}).content.decode()
        assert "Not confirmed since 10 January 2026" in results
        assert _run(capture) == "Reminded 0, flagged 0, hidden 0."
        assert len(mail.outbox) == 2

        # Still not confirmed after the grace period: hidden from the register and search.
        mail.outbox.clear()
        clock.move_to(START + dt.timedelta(days=366 + 89))
        assert _run(capture) == "Reminded 0, flagged 0, hidden 0."
        clock.move_to(START + dt.timedelta(days=366 + 91))
        assert _run(capture) == "Reminded 0, flagged 0, hidden 1."
        assert _subjects() == [
            (EDITORS, "Group listings not confirmed: 0 now overdue, 1 now hidden"),
            (
                "keeper@example.gov.uk",
                "Lighthouse keepers statistics users is no longer shown on the USER hub",
            ),
        ]
        group.refresh_from_db()
        assert group.status == UserGroup.Status.HIDDEN
        assert client.get(page_url).status_code == 404
        assert "Lighthouse keepers" not in client.get("/groups/").content.decode()
        results = client.get("/search/", {"q": "lighthouse keepers"}).content.decode()
        assert page_url not in results
        assert _run(capture) == "Reminded 0, flagged 0, hidden 0."

        # The contact confirms from the emailed link: current again, shown again.
        hidden_email = next(m for m in mail.outbox if m.to == ["keeper@example.gov.uk"])
        link = _link(hidden_email)
        assert "is not shown on the public register" in client.get(link).content.decode()
        with capture(execute=True):
            client.post(f"{link}confirm/")
        group.refresh_from_db()
        assert group.status == UserGroup.Status.LISTED
        assert group.confirmation_flagged_at is None and group.hidden_at is None
        page = client.get(page_url).content.decode()
        assert "Last confirmed on 12 April 2027" in page
        assert "Not confirmed since" not in page
        results = client.get("/search/", {"q": "lighthouse keepers"}).content.decode()
        assert page_url in results and "Not confirmed since" not in results
        mail.outbox.clear()
        assert _run(capture) == "Reminded 0, flagged 0, hidden 0."
        assert not mail.outbox


def test_editing_resets_the_cycle(client, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as clock:
        group = UserGroupFactory(name="Harbour statistics users")
        clock.move_to(START + dt.timedelta(days=370))
        _run(django_capture_on_commit_callbacks)
        group.refresh_from_db()
        assert group.is_overdue
        from intake.services import group_update

        group_update(group_id=group.pk, data={"contact_name": "Harbour team"})
        group.refresh_from_db()
        assert not group.is_overdue
        assert group.last_confirmed_at == START + dt.timedelta(days=370)


def test_an_imported_listing_runs_from_its_import_date(django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as clock:
        group = UserGroupFactory(
            name="Imported canal users", last_confirmed_at=None, imported_at=START
        )
        clock.move_to(START + dt.timedelta(days=800))
        # Long overdue: flagged now, with a full grace period before it is hidden.
        assert _run(django_capture_on_commit_callbacks) == "Reminded 0, flagged 1, hidden 0."
        clock.move_to(START + dt.timedelta(days=800 + 89))
        assert _run(django_capture_on_commit_callbacks) == "Reminded 0, flagged 0, hidden 0."
        group.refresh_from_db()
        assert group.status == UserGroup.Status.LISTED


def test_editors_chase_confirm_on_behalf_or_archive(
    admin_client, admin_user, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with time_machine.travel(START, tick=False) as clock:
        group = UserGroupFactory(name="Reservoir statistics forum", contact_email="res@example.org")
        archived = UserGroupFactory(name="Closed lock keepers group")
        clock.move_to(START + dt.timedelta(days=366))
        _run(capture)
        clock.move_to(START + dt.timedelta(days=366 + 91))
        _run(capture)
        group.refresh_from_db()
        assert group.status == UserGroup.Status.HIDDEN
        admin_client.force_login(admin_user)  # a session from before the clock moved expired
        index = admin_client.get("/admin/intake/usergroup/?confirmation=hidden").content.decode()
        assert "Reservoir statistics forum" in index and "Hidden: not confirmed" in index
        home = admin_client.get("/admin/").content.decode()
        assert "2 listings hidden until they are confirmed" in home

        mail.outbox.clear()
        base = f"/admin/intake/usergroup/confirmation/{group.pk}"
        with capture(execute=True):
            admin_client.post(f"{base}/chase/", {"reason": ""})
        (chase,) = mail.outbox
        assert chase.to == ["res@example.org"]
        assert chase.subject == "Confirm your listing for Reservoir statistics forum: it is due"

        response = admin_client.post(f"{base}/confirm/", {"reason": ""})
        assert response.status_code == 200
        assert "This field is required" in response.content.decode() or "Enter" in (
            response.content.decode()
        )
        group.refresh_from_db()
        assert group.status == UserGroup.Status.HIDDEN, "no note, nothing changes"
        admin_client.post(f"{base}/confirm/", {"reason": "Phoned the contact: still right."})
        group.refresh_from_db()
        assert group.status == UserGroup.Status.LISTED
        assert client.get(group.get_absolute_url()).status_code == 200
        decision = ModerationDecision.objects.filter(group=group).first()
        assert decision.action == ModerationDecision.Action.CONFIRM_ON_BEHALF
        assert decision.reason == "Phoned the contact: still right."

        admin_client.post(
            f"/admin/intake/usergroup/confirmation/{archived.pk}/archive/",
            {"reason": "The group closed in 2026."},
        )
        archived.refresh_from_db()
        assert archived.status == UserGroup.Status.ARCHIVED


def test_the_purge_removes_contacts_of_long_hidden_listings_and_unapplied_imports(client):
    from intake.models import GroupImport
    from intake.privacy.purge import personal_data_purge

    with time_machine.travel(START, tick=False) as clock:
        hidden = UserGroupFactory(
            name="Forgotten canal group",
            status=UserGroup.Status.HIDDEN,
            hidden_at=START,
            contact_email="gone@example.org",
        )
        recent = UserGroupFactory(
            name="Recently hidden group",
            status=UserGroup.Status.HIDDEN,
            hidden_at=START + dt.timedelta(days=300),
        )
        checked = GroupImport.objects.create(
            file_name="old.csv", file_sha256="0" * 64, rows=[{"values": {"contact_email": "x@y.z"}}]
        )
        applied = GroupImport.objects.create(
            file_name="done.csv", file_sha256="1" * 64, status=GroupImport.Status.APPLIED
        )
        clock.move_to(START + dt.timedelta(days=366))
        report = personal_data_purge()
    assert report["unconfirmed_listings"]["count"] == 1
    assert report["unapplied_imports"]["count"] == 1
    hidden.refresh_from_db()
    assert (hidden.status, hidden.contact_email, hidden.contact_name) == ("archived", "", "")
    recent.refresh_from_db()
    assert recent.status == UserGroup.Status.HIDDEN and recent.contact_email
    assert not GroupImport.objects.filter(pk=checked.pk).exists()
    assert GroupImport.objects.filter(pk=applied.pk).exists()

    # The registration form's privacy notice says so, from the same settings.
    html = client.get("/groups/register/").content.decode()
    assert (
        "We ask the contact to confirm the listing every year. A listing not confirmed "
        "3 months after it is due is hidden; 1 year after that it is archived"
    ) in html
