"""End-to-end journeys through the HTML pages, following the links in the emails sent."""

from datetime import UTC, datetime

from django.core import mail

import pytest

from intake.models import Membership, ModerationDecision, UserGroup
from tests.forms import emails_to, links_in
from tests.intake.factories import MembershipFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def _post_and_run(client, capture, path, data=None):
    with capture(execute=True):
        return client.post(path, data or {})


def test_register_verify_approve_and_manage(
    client, group_post, editor, django_capture_on_commit_callbacks
):
    response = _post_and_run(
        client, django_capture_on_commit_callbacks, "/groups/register/", group_post
    )
    assert response.status_code == 302
    assert response["Location"] == "/groups/register/sent/"
    group = UserGroup.objects.get()
    assert group.status == UserGroup.Status.PENDING
    assert group.email_verified_at is None
    assert group.contact_email == "rural.stats@dft.example.gov.uk"
    assert group.privacy_notice_version
    assert group.consent_given_at is not None
    assert sorted(group.themes.values_list("slug", flat=True)) == [
        "regional-accounts",
        "travel-to-work",
    ]
    assert group.next_meeting is None  # it comes from meetings added once listed
    # Not public yet.
    assert client.get(f"/groups/{group.slug}/").status_code == 404

    (verify_email,) = emails_to("rural.stats@dft.example.gov.uk")
    assert verify_email.alternatives and verify_email.alternatives[0][1] == "text/html"
    (verify_path,) = links_in(verify_email, containing="/groups/confirm/")
    page = client.get(verify_path)
    assert page.status_code == 200
    assert b"Confirm email address" in page.content
    # Following the link alone changes nothing: a link scanner cannot confirm for them.
    group.refresh_from_db()
    assert group.email_verified_at is None
    mail.outbox.clear()
    confirmed = _post_and_run(client, django_capture_on_commit_callbacks, verify_path)
    assert confirmed.status_code == 200
    group.refresh_from_db()
    assert group.email_verified_at is not None
    assert emails_to("editors@userhub.example"), "editors are told about the new registration"

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(
            f"/admin/intake/usergroup/decide/{group.pk}/approve/", {"reason": ""}
        )
    assert approved.status_code == 302
    group.refresh_from_db()
    assert group.status == UserGroup.Status.LISTED
    decision = ModerationDecision.objects.get(group=group)
    assert decision.decided_by == editor
    assert decision.action == ModerationDecision.Action.APPROVE
    client.logout()

    public = client.get(f"/groups/{group.slug}/")
    assert public.status_code == 200
    assert b"Rural transport statistics user forum" in public.content

    approved_email = emails_to("rural.stats@dft.example.gov.uk")[-1]
    manage_path = links_in(approved_email, containing="/manage/")[0]
    dashboard = client.get(manage_path)
    assert dashboard.status_code == 200
    assert b"Edit the listing" in dashboard.content


def test_join_open_group_confirm_and_leave(client, join_post, django_capture_on_commit_callbacks):
    group = UserGroupFactory(membership=UserGroup.Membership.OPEN, how_to_join="Bring biscuits.")
    response = _post_and_run(
        client, django_capture_on_commit_callbacks, f"/groups/{group.slug}/join/", join_post
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.status == Membership.Status.UNCONFIRMED
    assert membership.email == "ada@example.org"

    (confirm_email,) = emails_to("ada@example.org")
    assert links_in(confirm_email, containing="/groups/leave/"), "every member email can leave"
    (confirm_path,) = links_in(confirm_email, containing="/groups/join/confirm/")
    assert client.get(confirm_path).status_code == 200
    mail.outbox.clear()
    done = _post_and_run(client, django_capture_on_commit_callbacks, confirm_path)
    assert b"You have joined" in done.content
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE

    (welcome,) = emails_to("ada@example.org")
    assert "Bring biscuits." in welcome.body
    (leave_path,) = links_in(welcome, containing="/groups/leave/")
    assert client.get(leave_path).status_code == 200
    left = client.post(leave_path)
    assert b"You have left" in left.content
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT


def test_join_request_group_contact_accepts_through_link(
    client, join_post, django_capture_on_commit_callbacks
):
    group = UserGroupFactory(
        membership=UserGroup.Membership.REQUEST, contact_email="chair@example.gov.uk"
    )
    _post_and_run(
        client, django_capture_on_commit_callbacks, f"/groups/{group.slug}/join/", join_post
    )
    (confirm_path,) = links_in(emails_to("ada@example.org")[0], containing="/join/confirm/")
    mail.outbox.clear()
    _post_and_run(client, django_capture_on_commit_callbacks, confirm_path)
    membership = Membership.objects.get()
    assert membership.status == Membership.Status.PENDING
    assert "has been sent" in emails_to("ada@example.org")[0].subject

    (request_email,) = emails_to("chair@example.gov.uk")
    assert "Ada Lovelace" in request_email.body
    manage_path = links_in(request_email, containing="/manage/")[0]
    dashboard = client.get(manage_path)
    assert b"Ada Lovelace" in dashboard.content
    # What a member typed is shown as text, never as HTML.
    assert b"&lt;b&gt;new&lt;/b&gt;" in dashboard.content
    mail.outbox.clear()
    decided = _post_and_run(
        client,
        django_capture_on_commit_callbacks,
        f"{manage_path}members/{membership.id}/",
        {"decision": "accept"},
    )
    assert decided.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    (accepted,) = emails_to("ada@example.org")
    assert "You have joined" in accepted.subject
    assert links_in(accepted, containing="/groups/leave/")

    csv_response = client.get(f"{manage_path}members.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    body = (
        b"".join(csv_response).decode() if csv_response.streaming else csv_response.content.decode()
    )
    assert "ada@example.org" in body
    assert "Member" in body


def _decide(client, capture, membership, decision):
    from intake.links import manage_link

    manage_path = manage_link(group=membership.group).replace("http://testserver", "")
    return _post_and_run(
        client, capture, f"{manage_path}members/{membership.id}/", {"decision": decision}
    )


def test_accepted_member_is_told_what_happens_now(client, django_capture_on_commit_callbacks):
    """A request-to-join group's 'how to join' is about asking ("Tell us how you use ...").
    Once the contact accepts, the email says what happens now instead."""
    group = UserGroupFactory(
        membership=UserGroup.Membership.REQUEST,
        how_to_join="Tell us how you use the public sector finances statistics.",
        next_meeting=datetime(2099, 3, 12, 14, 0, tzinfo=UTC),
    )
    membership = MembershipFactory(
        group=group, email="ada@example.org", status=Membership.Status.PENDING
    )
    _decide(client, django_capture_on_commit_callbacks, membership, "accept")
    (accepted,) = emails_to("ada@example.org")
    for body in (accepted.body, accepted.alternatives[0][0]):
        assert "Tell us how you use" not in body
        assert "What happens next" in body
        assert "The group's contact now has your name and email address" in body
        assert "The next meeting is on 12 March 2099 at 2pm." in body
    assert links_in(accepted, containing=f"/groups/{group.slug}/")


def test_accepted_member_of_a_group_without_a_next_meeting(
    client, django_capture_on_commit_callbacks
):
    group = UserGroupFactory(membership=UserGroup.Membership.REQUEST, next_meeting=None)
    membership = MembershipFactory(
        group=group, email="ada@example.org", status=Membership.Status.PENDING
    )
    _decide(client, django_capture_on_commit_callbacks, membership, "accept")
    (accepted,) = emails_to("ada@example.org")
    assert "The next meeting" not in accepted.body
    assert "will email you about the group's meetings" in accepted.body


def test_declined_person_is_pointed_to_other_groups(client, django_capture_on_commit_callbacks):
    group = UserGroupFactory(membership=UserGroup.Membership.REQUEST)
    membership = MembershipFactory(
        group=group, email="ada@example.org", status=Membership.Status.PENDING
    )
    _decide(client, django_capture_on_commit_callbacks, membership, "decline")
    (declined,) = emails_to("ada@example.org")
    assert "find other groups" in declined.body
    assert "/groups/" in links_in(declined), "the directory, not the group that declined"
    assert 'href="http://testserver/groups/"' in declined.alternatives[0][0]


def test_fresh_manage_link_by_email(client, django_capture_on_commit_callbacks):
    from tests.forms import rendering

    group = UserGroupFactory(contact_email="lead@example.gov.uk")
    response = _post_and_run(
        client,
        django_capture_on_commit_callbacks,
        "/manage/",
        {"email": "LEAD@example.gov.uk", **rendering()},
    )
    assert response.status_code == 302
    (links_email,) = emails_to("lead@example.gov.uk")
    manage_path = links_in(links_email, containing="/manage/")[0]
    page = client.get(manage_path)
    assert page.status_code == 200
    assert group.name.encode() in page.content
