"""The moderation queue in the Wagtail admin."""

import csv
import io
import re

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from intake.models import ModerationDecision, UserGroup
from tests.intake.factories import GroupChangeFactory, UserGroupFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

INDEX = "/admin/intake/usergroup/"


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_listing_costs_the_same_queries_for_5_and_50_rows(admin_client, settings):
    UserGroupFactory.create_batch(5, status="pending")
    admin_client.get(INDEX)  # warm per-process caches
    few = _queries_for(admin_client, INDEX)
    UserGroupFactory.create_batch(45, status="pending")
    # Another app may do after-request work for the new rows (search indexing); let it settle.
    admin_client.get(INDEX)
    many = _queries_for(admin_client, INDEX)
    assert many == few
    csv_few = _queries_for(admin_client, f"{INDEX}?export=csv")
    UserGroupFactory.create_batch(5)
    admin_client.get(INDEX)
    assert _queries_for(admin_client, f"{INDEX}?export=csv") == csv_few


def test_unverified_registrations_are_not_in_the_queue(admin_client):
    UserGroupFactory(name="Verified one", status="pending")
    UserGroupFactory(name="Never verified", status="pending", email_verified_at=None)
    html = admin_client.get(INDEX).content.decode()
    assert "Verified one" in html
    assert "Never verified" not in html


def test_filters_and_search(admin_client):
    gdp = Theme.objects.get(slug="gdp")
    UserGroupFactory(name="Pending GDP group", status="pending", themes=[gdp])
    UserGroupFactory(name="Listed building group", status="listed")
    html = admin_client.get(f"{INDEX}?status__exact=pending").content.decode()
    assert "Pending GDP group" in html and "Listed building group" not in html
    html = admin_client.get(f"{INDEX}?themes__id__exact={gdp.pk}").content.decode()
    assert "Pending GDP group" in html and "Listed building group" not in html
    html = admin_client.get(f"{INDEX}?q=building").content.decode()
    assert "Listed building group" in html and "Pending GDP group" not in html
    html = admin_client.get(
        f"{INDEX}?created_at__gte=2000-01-01+00%3A00%3A00%2B00%3A00"
    ).content.decode()
    assert "Pending GDP group" in html


def test_csv_export_follows_the_filters_and_defuses_formulas(admin_client):
    UserGroupFactory(name="=cmd|' /C calc'!A0", status="pending")
    UserGroupFactory(name="Listed group", status="listed")
    response = admin_client.get(f"{INDEX}?status__exact=pending&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Name"
    names = [row[0] for row in rows[1:]]
    assert names == ["'=cmd|' /C calc'!A0"]


def test_nobody_creates_registrations_by_hand(admin_client):
    assert admin_client.get(f"{INDEX}create/").status_code in (302, 403)
    assert f'href="{INDEX}create/"' not in admin_client.get(INDEX).content.decode()


def test_inspect_shows_decisions_and_actions(admin_client, editor):
    group = UserGroupFactory(status="pending")
    ModerationDecision.objects.create(
        group=group, action="request_changes", reason="Say who runs it.", decided_by=editor
    )
    html = admin_client.get(f"{INDEX}inspect/{group.pk}/").content.decode()
    assert "Say who runs it." in html
    assert "Asked for changes" in html
    assert f"/admin/intake/usergroup/decide/{group.pk}/approve/" in html


@pytest.mark.parametrize(
    ("action", "reason", "status"),
    [
        ("approve", "", "listed"),
        ("reject", "Not a statistics group.", "rejected"),
        ("request_changes", "Add the meeting frequency.", "changes_requested"),
    ],
)
def test_decisions_through_the_admin(
    admin_client, editor, action, reason, status, django_capture_on_commit_callbacks
):
    group = UserGroupFactory(status="pending")
    url = f"/admin/intake/usergroup/decide/{group.pk}/{action}/"
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"reason": reason})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == status
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.reason, decision.decided_by) == (action, reason, editor)
    assert mail.outbox[-1].to == [group.contact_email]


def test_reject_without_reason_is_explained(admin_client):
    group = UserGroupFactory(status="pending")
    response = admin_client.post(f"/admin/intake/usergroup/decide/{group.pk}/reject/", {})
    assert response.status_code == 200
    assert b"Enter the reason" in response.content
    group.refresh_from_db()
    assert group.status == "pending"


def test_bulk_approve_and_reject(admin_client):
    first, second, third = UserGroupFactory.create_batch(3, status="pending")
    page = admin_client.get("/admin/intake/usergroup/bulk/").content.decode()
    assert first.name in page
    admin_client.post(
        "/admin/intake/usergroup/bulk/",
        {"group": [first.pk, second.pk], "action": "approve"},
    )
    response = admin_client.post(
        "/admin/intake/usergroup/bulk/", {"group": [third.pk], "action": "reject"}
    )
    assert b"Enter the reason" in response.content
    admin_client.post(
        "/admin/intake/usergroup/bulk/",
        {"group": [third.pk], "action": "reject", "reason": "Duplicates."},
    )
    assert sorted(UserGroup.objects.values_list("status", flat=True)) == [
        "listed",
        "listed",
        "rejected",
    ]
    assert ModerationDecision.objects.count() == 3


def test_pending_edit_is_compared_and_approved(admin_client, django_capture_on_commit_callbacks):
    group = UserGroupFactory(name="Listed name")
    change = GroupChangeFactory(group=group, data={"name": "Proposed name"})
    html = admin_client.get(f"{INDEX}inspect/{group.pk}/").content.decode()
    assert "Listed name" in html and "Proposed name" in html
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/intake/usergroup/change/{change.pk}/approve/", {"reason": ""})
    group.refresh_from_db()
    assert group.name == "Proposed name"


def test_people_without_moderation_permission_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="pw-reader-1")
    readers = Group.objects.create(name="Readers")
    readers.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(readers)
    client.force_login(user)
    group = UserGroupFactory(status="pending")
    assert client.post(
        f"/admin/intake/usergroup/decide/{group.pk}/approve/", {"reason": ""}
    ).status_code in (302, 403)
    assert client.post("/admin/intake/usergroup/bulk/", {"group": [group.pk]}).status_code in (
        302,
        403,
    )
    group.refresh_from_db()
    assert group.status == "pending"


def test_email_outbox_shows_failures_and_cannot_be_edited(admin_client):
    from intake.submissions.models import OutboundEmail

    email = OutboundEmail.objects.create(
        to=["x@example.org"],
        subject="Confirm your email address",
        body_text="Hello",
        template="group_verify",
        last_error="ConnectionRefusedError: mail server unreachable",
    )
    listing = admin_client.get("/admin/intake/outboundemail/?status__exact=queued")
    assert b"Confirm your email address" in listing.content
    inspect = admin_client.get(f"/admin/intake/outboundemail/inspect/{email.pk}/")
    assert b"mail server unreachable" in inspect.content
    assert admin_client.get(f"/admin/intake/outboundemail/edit/{email.pk}/").status_code in (
        302,
        403,
    )
    assert admin_client.get("/admin/intake/outboundemail/create/").status_code in (302, 403)


def test_moderators_can_moderate(client, django_user_model, django_capture_on_commit_callbacks):
    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(codename="change_usergroup").exists()
    user = django_user_model.objects.create_user(username="mod", password="pw-mod-1")
    user.groups.add(moderators)
    client.force_login(user)
    group = UserGroupFactory(status="pending")
    assert client.get(INDEX).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/intake/usergroup/decide/{group.pk}/approve/", {"reason": ""})
    group.refresh_from_db()
    assert group.status == "listed"


def test_review_pages_label_every_field_as_a_sentence(admin_client):
    """Labels read from field names begin with a capital, on every queue's review page."""
    from intake.submissions.models import OutboundEmail

    group = UserGroupFactory(status="pending")
    email = OutboundEmail.objects.create(
        to=["x@example.org"], subject="Hello", body_text="Hello", template="group_verify"
    )
    for url in (
        f"/admin/intake/usergroup/inspect/{group.pk}/",
        f"/admin/intake/outboundemail/inspect/{email.pk}/",
    ):
        labels = re.findall(r"<dt[^>]*>\s*([^<]+?)\s*</dt>", admin_client.get(url).content.decode())
        assert labels, url
        assert all(label[0].isupper() for label in labels), (url, labels)
    labels = re.findall(
        r"<dt[^>]*>\s*([^<]+?)\s*</dt>",
        admin_client.get(f"/admin/intake/usergroup/inspect/{group.pk}/").content.decode(),
    )
    assert "Producing organisations" in labels
