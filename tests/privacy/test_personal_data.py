"""Export, erasure and purging of personal data, across every app of the hub."""

import csv
import importlib
import io
import json
import logging
import re
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model

import pytest
from PIL import Image

from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage, Champion
from intake import services as intake_services
from intake.engagement import services
from intake.engagement.models import (
    ChampionSignup,
    EngagementRequest,
    EngagementStatusChange,
    SuccessStory,
)
from intake.models import GroupChange, GroupHandover, Membership, ModerationDecision, UserGroup
from intake.privacy import registry as personal_data
from intake.privacy.models import PersonalDataAction
from intake.privacy.purge import PLAN, personal_data_purge
from intake.submissions.forms import PrivacyNoticeMixin
from intake.submissions.models import IdempotencyKey, OutboundEmail
from intake.submissions.tokens import link_lifetime_days
from tests.engagement.factories import (
    ChampionFactory,
    ChampionSignupFactory,
    EngagementRequestFactory,
    SuccessStoryFactory,
    organisation,
    theme,
)
from tests.intake.factories import MembershipFactory, UserGroupFactory

pytestmark = pytest.mark.django_db

TARGET = "Target.Person@Example.org"
NAME = "Tabitha Targetson"
BYSTANDER = "someone.else@example.org"


def tables_containing(needle: str) -> dict[str, list[str]]:
    """Every table and text column of the database whose value contains ``needle``."""
    hits: dict[str, list[str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                # Names come from the database's own catalogue and are quoted.
                sql = (
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608
                    f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s"
                )
                cursor.execute(sql, [f"%{needle.lower()}%"])
                if cursor.fetchone()[0]:
                    hits.setdefault(table, []).append(column.name)
    return hits


def _index_group(group_id: int) -> None:
    """Put the group in the search index, as approval does."""
    try:
        from search.indexing import outbox_enqueue
    except ImportError:
        return
    outbox_enqueue(kind="group", object_ids=[group_id])


@pytest.fixture
def person_everywhere(home_page, editor, django_capture_on_commit_callbacks):
    """One person known to every part of the hub, through the real services, and a bystander
    in the same places."""
    home_page.add_child(instance=CaseStudyIndexPage(title="Case studies", slug="case-studies"))
    ChampionFactory(email="champ@ons.example.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        for email, name in ((TARGET, NAME), (BYSTANDER, "Bea Bystander")):
            request = services.engagement_request_submit(
                data={
                    "organisation": organisation("ons"),
                    "theme": theme("housing"),
                    "statistics": f"Rents, asked by {email}",
                    "kind": "new_data",
                    "description": f"Please reply to {email}.",
                    "name": name,
                    "email": email,
                    "requester_organisation": "Somewhere",
                    "consent_to_publish": True,
                }
            )
            services.engagement_request_transition(
                engagement_request_id=request.id,
                to_status="answered",
                response=f"Dear {name}, we have emailed {email} the table.",
                user=editor,
            )
            signup = services.champion_signup_submit(
                data={
                    "name": name,
                    "email": email,
                    "role": "Analyst",
                    "organisation": organisation("dwp"),
                    "themes": [theme("housing")],
                    "bio": f"Contact me at {email}.",
                    "show_email": True,
                }
            )
            services.champion_signup_approve(signup_id=signup.id, user=editor)
            services.success_story_submit(
                data={
                    "title": f"A story from {name}",
                    "organisation": organisation("ons"),
                    "themes": [theme("housing")],
                    "goals": [],
                    "task": f"Write to {email}.",
                    "approach": "A panel.",
                    "outcome": "Better tables.",
                    "lessons": "",
                    "name": name,
                    "email": email,
                    "show_contact": True,
                }
            )
            group = UserGroupFactory(
                contact_name=name,
                contact_email=email.lower(),
                description=f"Run by {name}; write to {email}.",
            )
            intake_services.membership_request(
                group_id=UserGroupFactory().id,
                data={
                    "name": name,
                    "email": email,
                    "organisation": "",
                    "hopes": "To learn.",
                    "consent": True,
                },
            )
            GroupChange.objects.create(group=group, data={"contact_email": email})
            _index_group(group.id)
            ModerationDecision.objects.create(
                group=group, action="approve", reason=f"Checked with {email}.", decided_by=editor
            )
            IdempotencyKey.objects.create(
                scope="test", key=email, request_hash="x", response_body={"email": email}
            )
            EngagementStatusChange.objects.create(
                request=request, to_status="closed", note=f"Closed after a call with {email}."
            )
            try:
                from search.models import QueryLog
            except ImportError:
                pass
            else:
                QueryLog.objects.create(query=email, result_count=0, backend="db", duration_ms=1)
    return TARGET


def test_registry_covers_every_model_with_an_email_field():
    """A new model that stores email addresses must be declared in the registry."""
    from django.apps import apps
    from django.db import models

    declared = {
        (source.model_label.lower(), name)
        for source in personal_data.REGISTRY.values()
        for name in source.email_fields
    }
    ignored = {("auth.user", "email"), ("cms.hubsettings", "contact_email")}
    for model in apps.get_models():
        if model._meta.app_label not in {"cms", "intake", "engagement", "hub_search", "themes"}:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.EmailField) and field.model is model:
                key = (model._meta.label_lower, field.name)
                assert key in declared or key in ignored, f"{key} is not in the registry"


def test_export_collects_everything_about_one_person(person_everywhere):
    data = personal_data.personal_data_collect(email=TARGET.upper())
    assert {
        "engagement_requests",
        "engagement_history",
        "success_stories",
        "case_study_contacts",
        "case_study_revisions",
        "champion_signups",
        "champions",
        "memberships",
        "group_contacts",
        "group_changes",
        "moderation_decisions",
        "emails",
        "idempotency_records",
    } <= set(data)
    (request,) = data["engagement_requests"]
    assert request["name"] == NAME and request["consent_given_at"]
    dumped = json.dumps(data)
    assert BYSTANDER not in dumped and "Bea Bystander" not in dumped
    assert len(data["memberships"]) == 1


def test_export_files_are_json_and_csv(person_everywhere):
    data = personal_data.personal_data_collect(email=TARGET)
    as_json = json.loads(personal_data.personal_data_export_json(data=data))
    kinds = {record["kind"] for record in as_json["records"]}
    assert "engagement_requests" in kinds
    rows = list(csv.DictReader(io.StringIO(personal_data.personal_data_export_csv(data=data))))
    assert {"kind", "record_id", "field", "value"} == set(rows[0])
    assert any(row["field"] == "name" and row["value"] == NAME for row in rows)


def test_csv_export_neutralises_formulas():
    EngagementRequestFactory(email="f@example.org", name="=HYPERLINK(1)")
    text = personal_data.personal_data_export_csv(
        data=personal_data.personal_data_collect(email="f@example.org")
    )
    assert "'=HYPERLINK(1)" in text


def test_erasure_leaves_no_trace_in_any_table_index_or_log(
    person_everywhere, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    before = tables_containing(TARGET)  # the scan finds what is there, index included
    assert {"intake_membership", "engagement_engagementrequest", "hub_search_querylog"} <= set(
        before
    )
    assert any(table.startswith(("hub_search_indexed", "wagtailsearch")) for table in before)
    with django_capture_on_commit_callbacks(execute=True):
        summary = personal_data.personal_data_erase(email=TARGET)
    assert summary["engagement_requests"] == 1
    assert tables_containing(TARGET) == {}
    # The name goes too from the hub's own records and its copies of emails.
    assert not set(tables_containing(NAME)) & {
        "engagement_engagementrequest",
        "engagement_championsignup",
        "engagement_successstory",
        "engagement_engagementstatuschange",
        "intake_outboundemail",
        "intake_membership",
        "intake_usergroup",
        "cms_champion",
    }
    for record in caplog.records:
        assert TARGET.lower() not in record.getMessage().lower()
        assert TARGET.lower() not in json.dumps(record.__dict__, default=str).lower()
    # The bystander is untouched.
    assert set(tables_containing(BYSTANDER)) >= {
        "engagement_engagementrequest",
        "intake_membership",
        "cms_champion",
        "intake_outboundemail",
    }


def test_erasure_keeps_decisions_without_the_person(person_everywhere, editor):
    personal_data.personal_data_erase(email=TARGET, performed_by=editor)
    request = EngagementRequest.objects.get(response__contains="[removed]")
    assert (request.name, request.email, request.description) == ("", "", "")
    assert request.status == "answered" and request.personal_data_removed_at
    assert request.history.filter(to_status="answered", changed_by=editor).exists()
    signup = ChampionSignup.objects.get(name="", status="approved")
    assert signup.decided_by == editor
    assert not Champion.objects.filter(email__iexact=TARGET).exists()
    assert not Membership.objects.filter(email__iexact=TARGET).exists()
    group = UserGroup.objects.get(contact_name="", contact_email="")
    assert group.status == "listed" and "[removed]" in group.description
    assert ModerationDecision.objects.filter(group=group, action="approve").exists()
    story = SuccessStory.objects.get(name="")
    assert CaseStudyPage.objects.get(pk=story.page_id).contact_email == ""
    action = PersonalDataAction.objects.get(action="erase")
    assert action.performed_by == editor
    assert TARGET.lower() not in json.dumps(action.summary).lower()


def test_erasure_reindexes_the_group(person_everywhere, django_capture_on_commit_callbacks):
    search_models = pytest.importorskip("search.models")
    group = UserGroup.objects.get(contact_email=TARGET.lower())
    search_models.OutboxEntry.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        personal_data.personal_data_erase(email=TARGET)
    assert search_models.OutboxEntry.objects.filter(kind="group", object_id=group.pk).exists()
    assert callbacks


def test_erasure_of_an_unknown_address_changes_nothing(person_everywhere):
    before = OutboundEmail.objects.count(), EngagementRequest.objects.filter(email="").count()
    assert personal_data.personal_data_erase(email="nobody@nowhere.example") == {}
    assert (OutboundEmail.objects.count(), EngagementRequest.objects.filter(email="").count()) == (
        before
    )
    assert personal_data.personal_data_erase(email="") == {}


# --- The admin view -----------------------------------------------------------------------


def test_admin_export_and_erase(client, person_everywhere, data_officer):
    client.force_login(data_officer)
    url = reverse("privacy_admin:personal_data")
    assert client.get(url).status_code == 200
    found = client.post(url, {"email": TARGET, "action": "lookup"}).content.decode()
    assert "Engagement requests made" in found and "Groups joined" in found
    as_json = client.post(url, {"email": TARGET, "action": "export_json"})
    assert as_json["Content-Type"] == "application/json"
    assert "attachment" in as_json["Content-Disposition"]
    assert NAME in as_json.content.decode()
    as_csv = client.post(url, {"email": TARGET, "action": "export_csv"})
    assert as_csv["Content-Type"].startswith("text/csv") and NAME in as_csv.content.decode()
    unconfirmed = client.post(url, {"email": TARGET, "action": "erase"})
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert EngagementRequest.objects.filter(email__iexact=TARGET).exists()
    erased = client.post(url, {"email": TARGET, "action": "erase", "confirm": "yes"})
    assert erased.status_code == 302
    assert not EngagementRequest.objects.filter(email__iexact=TARGET).exists()
    assert list(
        PersonalDataAction.objects.order_by("performed_at").values_list("action", flat=True)
    ) == ["export", "export", "erase"]
    bad = client.post(url, {"email": "not an email", "action": "erase", "confirm": "yes"})
    assert bad.status_code == 200
    assert "Enter an email address in the correct format" in bad.content.decode()
    assert PersonalDataAction.objects.filter(action="erase").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "action": "lookup"}, "Enter the email address of the person to look up."),
        ({"action": "lookup"}, "Enter the email address of the person to look up."),
        (
            {"email": "not an email", "action": "lookup"},
            "Enter an email address in the correct format, like name@example.com.",
        ),
        (
            {"email": "", "action": "erase", "confirm": "yes"},
            "Enter the email address of the person to look up.",
        ),
        (
            {"email": "  ", "action": "export_json"},
            "Enter the email address of the person to look up.",
        ),
    ],
)
def test_admin_find_without_a_valid_address_shows_the_error_on_the_form(
    client, person_everywhere, data_officer, data, message
):
    client.force_login(data_officer)
    before = tables_containing(TARGET)
    response = client.post(reverse("privacy_admin:personal_data"), data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    # Wagtail's own field error, beside the field.
    assert re.search(r'class="error-message"[^>]*>\s*' + re.escape(message), html), html
    assert "What the hub holds" not in html
    assert not PersonalDataAction.objects.exists()
    assert tables_containing(TARGET) == before


def test_lookup_labels_describe_the_person_not_the_editor(client, person_everywhere, data_officer):
    for source in personal_data.REGISTRY.values():
        assert not re.search(r"\byou(r|rs)?\b", source.label, re.IGNORECASE), source.label
    client.force_login(data_officer)
    found = client.post(
        reverse("privacy_admin:personal_data"), {"email": TARGET, "action": "lookup"}
    ).content.decode()
    assert "Engagement requests made" in found
    assert "Emails the hub sent to the person or that mention them" in found


def test_lookup_export_and_erasure_count_the_same_records(person_everywhere):
    """The erasure scrubs copies of emails that name the person without their address (the
    editors' notices); the lookup and the export list those too."""
    found = personal_data.personal_data_collect(email=TARGET)
    exported = json.loads(personal_data.personal_data_export_json(data=found))
    exported_counts = {record["kind"]: len(record["rows"]) for record in exported["records"]}
    named_only = [
        row
        for row in found["emails"]
        if TARGET.lower() not in json.dumps(row).lower() and NAME in json.dumps(row)
    ]
    assert named_only, "an email that names the person without their address is listed"
    summary = personal_data.personal_data_erase(email=TARGET)
    assert summary == {key: len(rows) for key, rows in found.items()} == exported_counts


def test_admin_lookup_and_erasure_agree(client, person_everywhere, data_officer):
    client.force_login(data_officer)
    url = reverse("privacy_admin:personal_data")
    found = client.post(url, {"email": TARGET, "action": "lookup"}).context["summary"]
    shown = {item["label"]: item["count"] for item in found}
    erased = client.post(url, {"email": TARGET, "action": "erase", "confirm": "yes"}, follow=True)
    action = PersonalDataAction.objects.get(action="erase")
    labels = {key: source.label for key, source in personal_data.REGISTRY.items()}
    assert {labels[key]: count for key, count in action.summary.items()} == shown
    assert f"Erased {sum(shown.values())} records" in erased.content.decode()


def test_editors_without_the_permission_cannot_export(client, editor, person_everywhere):
    client.force_login(editor)
    response = client.post(
        reverse("privacy_admin:personal_data"), {"email": TARGET, "action": "export_json"}
    )
    assert response.status_code == 302 and NAME not in response.content.decode()


# --- Purging ------------------------------------------------------------------------------


def test_purge_removes_only_what_is_past_retention(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS,
        "join_requests": 30,
        "archived_group_memberships": 30,
        "engagement_requests": 30,
        "champion_signups": 30,
        "success_stories": 30,
        "email_outbox": 30,
    }
    old, recent = timezone.now() - timedelta(days=31), timezone.now() - timedelta(days=29)
    expired_join = MembershipFactory(status="declined", decided_at=old)
    MembershipFactory(status="declined", decided_at=recent)
    MembershipFactory(status="active", created_at=old)
    archived = UserGroupFactory(status="archived")
    UserGroup.objects.filter(pk=archived.pk).update(updated_at=old)
    archived_member = MembershipFactory(group=archived)
    closed_old = EngagementRequestFactory(status="closed", closed_at=old)
    EngagementRequestFactory(status="closed", closed_at=recent)
    EngagementRequestFactory(status="answered", created_at=old)
    ChampionSignupFactory(status="rejected", decided_at=old)
    ChampionSignupFactory(status="pending", created_at=old)
    SuccessStoryFactory(created_at=old)
    OutboundEmail.objects.create(
        to=["x@example.org"],
        subject="s",
        body_text="b",
        template="t",
        status="sent",
        created_at=old,
    )
    OutboundEmail.objects.create(
        to=["x@example.org"],
        subject="s",
        body_text="b",
        template="t",
        status="queued",
        created_at=old,
    )

    dry = personal_data_purge(dry_run=True)
    assert {kind: item["count"] for kind, item in dry.items()} == {
        "join_requests": 1,
        "archived_group_memberships": 1,
        "engagement_requests": 1,
        "champion_signups": 1,
        "success_stories": 1,
        "email_outbox": 1,
        "alert_followers": 0,
        "unconfirmed_listings": 0,
        "unapplied_imports": 0,
        "unconfirmed_join_requests": 0,
        "unconfirmed_registrations": 0,
        "closed_listings": 0,
        "lapsed_handovers": 0,
    }
    assert Membership.objects.filter(pk=expired_join.pk).exists()
    assert not PersonalDataAction.objects.exists()

    personal_data_purge()
    assert not Membership.objects.filter(pk__in=[expired_join.pk, archived_member.pk]).exists()
    assert Membership.objects.count() == 2
    closed_old.refresh_from_db()
    assert (closed_old.email, closed_old.name, closed_old.status) == ("", "", "closed")
    assert ChampionSignup.objects.filter(email="").count() == 1
    assert SuccessStory.objects.get().email == ""
    assert list(OutboundEmail.objects.values_list("status", flat=True)) == ["queued"]
    assert PersonalDataAction.objects.get(action="purge").summary["join_requests"] == 1
    again = personal_data_purge(dry_run=True)
    assert sum(item["count"] for item in again.values()) == 0


def test_purge_command_reports_and_dry_run_changes_nothing(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS,
        "join_requests": 10,
    }
    MembershipFactory(status="left", left_at=timezone.now() - timedelta(days=11))
    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Would remove 1 join requests and memberships ended (kept 10 days)" in out.getvalue()
    assert "dry run: nothing changed" in out.getvalue()
    assert Membership.objects.count() == 1
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Removed 1 join requests" in out.getvalue()
    assert Membership.objects.count() == 0


def test_every_form_states_its_retention_period(client, home_page, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS,
        "engagement_requests": 365 * 3,
        "champion_signups": 180,
        "success_stories": 45,
    }
    home_page.add_child(instance=CaseStudyIndexPage(title="Case studies", slug="case-studies"))
    assert (
        "for 3 years after your request is closed"
        in client.get("/request-engagement/").content.decode()
    )
    assert "for 6 months after we decide" in client.get("/become-a-champion/").content.decode()
    assert (
        "for 45 days after you send your story" in client.get("/share-a-success/").content.decode()
    )


def test_the_register_purges_what_its_notices_promise(settings):
    """Requests to join never confirmed, registrations never confirmed, the contacts of
    archived and rejected listings, and handovers never confirmed: each after its own period,
    and nothing younger or still in use."""
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS,
        "unconfirmed_join_requests": 30,
        "unconfirmed_registrations": 30,
        "closed_listings": 60,
        "lapsed_handovers": 30,
    }
    now = timezone.now()
    days_ago = lambda days: now - timedelta(days=days)  # noqa: E731
    never_confirmed = MembershipFactory(status="unconfirmed", created_at=days_ago(31))
    MembershipFactory(status="unconfirmed", created_at=days_ago(29))
    MembershipFactory(status="active", created_at=days_ago(400))
    unverified = UserGroupFactory(status="pending", email_verified_at=None, created_at=days_ago(31))
    UserGroupFactory(status="pending", email_verified_at=None, created_at=days_ago(29))
    UserGroupFactory(status="pending", created_at=days_ago(31))  # verified: waits for an editor
    UserGroupFactory(
        status="pending", email_verified_at=None, imported_at=days_ago(31), created_at=days_ago(31)
    )
    archived, rejected, recent, listed = (
        UserGroupFactory(status=status) for status in ("archived", "rejected", "archived", "listed")
    )
    UserGroup.objects.filter(pk__in=[archived.pk, rejected.pk, listed.pk]).update(
        updated_at=days_ago(61)
    )
    UserGroup.objects.filter(pk=recent.pk).update(updated_at=days_ago(59))
    handed = UserGroupFactory()
    lapsed = GroupHandover.objects.create(
        group=handed,
        new_contact_name="New",
        new_contact_email="new@example.org",
        old_contact_email=handed.contact_email,
        created_at=days_ago(31),
    )
    done = GroupHandover.objects.create(
        group=handed,
        new_contact_name="Done",
        new_contact_email="done@example.org",
        old_contact_email=handed.contact_email,
        status="done",
        created_at=days_ago(31),
    )

    dry = personal_data_purge(dry_run=True)
    assert {
        kind: dry[kind]["count"]
        for kind in (
            "unconfirmed_join_requests",
            "unconfirmed_registrations",
            "closed_listings",
            "lapsed_handovers",
        )
    } == {
        "unconfirmed_join_requests": 1,
        "unconfirmed_registrations": 1,
        "closed_listings": 2,
        "lapsed_handovers": 1,
    }

    personal_data_purge()
    assert not Membership.objects.filter(pk=never_confirmed.pk).exists()
    assert Membership.objects.count() == 2
    assert not UserGroup.objects.filter(pk=unverified.pk).exists()
    assert UserGroup.objects.filter(status="pending").count() == 3
    for group in (archived, rejected):
        group.refresh_from_db()
        assert (group.contact_name, group.contact_email, group.status) == ("", "", group.status)
    for group in (recent, listed):
        group.refresh_from_db()
        assert group.contact_email
    assert list(GroupHandover.objects.values_list("pk", flat=True)) == [done.pk]
    assert not GroupHandover.objects.filter(pk=lapsed.pk).exists()
    again = personal_data_purge(dry_run=True)
    assert sum(item["count"] for item in again.values()) == 0


def test_every_kind_of_record_with_a_period_has_a_purge_rule(settings):
    assert set(PLAN) == set(settings.PERSONAL_DATA_RETENTION_DAYS)


def forms_with_a_privacy_notice() -> list[type]:
    """Every form that shows a privacy notice, bar the bases that carry it for them."""
    for module in ("intake.forms", "intake.engagement.forms", "intake.alerts.forms"):
        importlib.import_module(module)
    found, waiting = set(), [PrivacyNoticeMixin]
    while waiting:
        for form_class in waiting.pop().__subclasses__():
            if form_class not in found:
                found.add(form_class)
                waiting.append(form_class)
    return sorted(
        (form_class for form_class in found if form_class.__name__ not in NOTICE_BASES),
        key=lambda form_class: form_class.__name__,
    )


# Bases that hold the notice for the forms built on them, and state no period of their own.
NOTICE_BASES = {"ConsentFormMixin", "HubFormBase"}
PERIOD = re.compile(r"\b(\d+) (day|days|month|months|year|years)\b")


@pytest.mark.parametrize("form_class", forms_with_a_privacy_notice(), ids=lambda c: c.__name__)
def test_every_privacy_notice_states_the_periods_the_purge_keeps(form_class, settings):
    """Each notice names the kinds of record it speaks of, each kind has a purge rule, and
    every period the notice states is read from the settings (or is how long a link works)."""
    assert form_class.retention_kinds, "a notice names the kinds of record it speaks of"
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        kind: 1000 + number
        for number, kind in enumerate(sorted(settings.PERSONAL_DATA_RETENTION_DAYS))
    }
    settings.LISTING_CONFIRMATION_CYCLE_DAYS = 2001
    settings.LISTING_CONFIRMATION_GRACE_DAYS = 2002
    text = object.__new__(form_class).retention_period
    for kind in form_class.retention_kinds:
        assert kind in PLAN, f"{kind} has no purge rule"
        assert f"{settings.PERSONAL_DATA_RETENTION_DAYS[kind]} days" in text, kind
    allowed = {
        *settings.PERSONAL_DATA_RETENTION_DAYS.values(),
        2001,
        2002,
        link_lifetime_days("handover"),
    }
    stated = {int(number) for number, _unit in PERIOD.findall(text)}
    assert stated <= allowed, f"periods not read from the settings: {stated - allowed}"


def test_erasure_keeps_a_case_studys_image_but_not_the_words_naming_the_person(
    home_page, django_capture_on_commit_callbacks
):
    """The picture is not personal data; its title and alt text can name the person."""
    home_page.add_child(instance=CaseStudyIndexPage(title="Case studies", slug="case-studies"))
    upload = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(upload, format="PNG")
    upload.name = "photo.png"
    with django_capture_on_commit_callbacks(execute=True):
        story = services.success_story_submit(
            data={
                "title": f"A story from {NAME}",
                "organisation": organisation("ons"),
                "themes": [theme("housing")],
                "goals": [],
                "task": "A task.",
                "approach": "A panel.",
                "outcome": "Better tables.",
                "lessons": "",
                "name": NAME,
                "email": TARGET,
                "show_contact": True,
                "image_alt": f"{NAME} presenting to the user panel",
            },
            image=upload,
            image_extension="png",
        )
    page = CaseStudyPage.objects.get(pk=story.page_id)
    assert page.image_id == story.image_id
    assert "wagtailimages_image" in tables_containing(NAME)
    found = personal_data.personal_data_collect(email=TARGET)
    assert [row["pk"] for row in found["success_story_images"]] == [story.image_id]

    with django_capture_on_commit_callbacks(execute=True):
        summary = personal_data.personal_data_erase(email=TARGET)

    assert summary == {key: len(rows) for key, rows in found.items()}
    assert summary["success_story_images"] == 1
    page.refresh_from_db()
    assert page.image_id == story.image_id, "the image stays on the case study"
    assert page.image_alt_text == "[removed] presenting to the user panel"
    image = get_image_model().objects.get(pk=story.image_id)
    assert (image.title, image.description) == (
        "A story from [removed]",
        "[removed] presenting to the user panel",
    )
    assert "targetson" not in image.file.name.lower()
    assert tables_containing(TARGET) == {}
    assert not [
        table
        for table in tables_containing(NAME)
        if table.startswith(("wagtailimages", "wagtailsearch", "cms_", "engagement_"))
    ]


def test_every_kind_the_purge_and_the_notices_name_has_one_period_in_the_settings():
    from django.conf import settings

    from intake.privacy import purge, retention

    kinds = set(purge.PLAN) | set(retention._AFTER)
    assert kinds <= set(settings.PERSONAL_DATA_RETENTION_DAYS), kinds - set(
        settings.PERSONAL_DATA_RETENTION_DAYS
    )
    for kind in kinds:
        assert retention.retention_days(kind) == settings.PERSONAL_DATA_RETENTION_DAYS[kind]
