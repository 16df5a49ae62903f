"""The contact manages members: removes one (who is told), invites someone to an
invitation-only group (who accepts), and chooses a daily summary of who joined."""

import datetime as dt
import io
import re

from django.core import mail
from django.core.management import call_command

import pytest
import time_machine

from intake.links import manage_link
from intake.models import Membership, UserGroup
from tests.intake.factories import MembershipFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def _manage(group) -> str:
    return manage_link(group=group).replace("http://testserver", "")


def test_the_contact_removes_a_member_who_is_told(client, django_capture_on_commit_callbacks):
    group = UserGroupFactory(name="Kelp statistics users")
    member = MembershipFactory(group=group, name="Removed Person", email="gone@example.org")
    kept = MembershipFactory(group=group, name="Kept Person")
    manage = _manage(group)
    assert 'Remove<span class="govuk-visually-hidden"> Removed Person' in (
        client.get(manage).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{manage}members/{member.pk}/remove/", follow=True)
    html = response.content.decode()
    assert "The person is no longer a member and we have told them." in html
    assert "Removed Person" not in html and "Kept Person" in html
    member.refresh_from_db()
    assert member.status == Membership.Status.LEFT
    (email,) = mail.outbox
    assert email.to == ["gone@example.org"]
    assert email.subject == "You are no longer a member of Kelp statistics users"
    # Again, or someone else's member: nothing happens.
    other = MembershipFactory()
    mail.outbox.clear()
    client.post(f"{manage}members/{member.pk}/remove/")
    client.post(f"{manage}members/{other.pk}/remove/")
    other.refresh_from_db()
    assert other.status == Membership.Status.ACTIVE and not mail.outbox
    kept.refresh_from_db()
    assert kept.status == Membership.Status.ACTIVE


def test_an_invitation_only_group_invites_and_the_invitee_accepts(
    client, django_capture_on_commit_callbacks
):
    group = UserGroupFactory(
        name="Closed panel on tides",
        membership=UserGroup.Membership.INVITATION,
        how_to_join="By invitation from the panel chair.",
    )
    manage = _manage(group)
    assert "Invite someone to the group" in client.get(manage).content.decode()
    response = client.post(f"{manage}invite/", {"name": "", "email": "nope"})
    assert "Enter the name of the person to invite." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{manage}invite/", {"name": "Ida Invitee", "email": "Ida@Example.org"})
    assert not Membership.objects.exists(), "nothing is stored before they accept"
    (invitation,) = mail.outbox
    assert invitation.to == ["ida@example.org"]
    link = re.search(r"http://testserver(/groups/invitation/[^/\s]+/)", invitation.body).group(1)
    page = client.get(link).content.decode()
    assert "Join Closed panel on tides" in page and 'value="Ida Invitee"' in page
    response = client.post(link, {"name": "Ida Invitee", "organisation": ""})
    assert "Confirm you agree to us storing these details" in response.content.decode()
    assert not Membership.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            link, {"name": "Ida Invitee", "organisation": "Tide Co", "consent": "on"}
        )
    assert "You have joined Closed panel on tides" in response.content.decode()
    member = Membership.objects.get()
    assert (member.email, member.status, member.organisation) == (
        "ida@example.org",
        Membership.Status.ACTIVE,
        "Tide Co",
    )
    assert member.consent_given_at is not None
    assert [m.subject for m in mail.outbox] == ["You have joined Closed panel on tides"]
    # An open group does not invite: anyone can ask to join it.
    open_group = UserGroupFactory()
    response = client.post(f"{_manage(open_group)}invite/", {"name": "A", "email": "a@b.org"})
    assert "anyone can ask to join this one" in response.content.decode()


def test_the_daily_summary_lists_who_joined_once(client, django_capture_on_commit_callbacks):
    start = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        group = UserGroupFactory(name="Dune statistics forum", contact_email="dunes@example.org")
        quiet = UserGroupFactory(name="Nobody asked for a summary")
        manage = _manage(group)
        response = client.post(f"{manage}join-summary/", {"join_summary": "on"}, follow=True)
        assert "We will email you once a day when people have joined." in response.content.decode()
        for hours, name in ((3, "First Joiner"), (4, "Second Joiner")):
            MembershipFactory(group=group, name=name, decided_at=start + dt.timedelta(hours=hours))
        MembershipFactory(group=quiet, decided_at=start + dt.timedelta(hours=4))
        clock.move_to(start + dt.timedelta(days=1))
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_join_summaries", stdout=out)
            call_command("send_join_summaries", stdout=out)
        assert out.getvalue().splitlines() == ["Sent 1 join summary.", "Sent 0 join summaries."]
        (summary,) = mail.outbox
        assert summary.to == ["dunes@example.org"]
        assert summary.subject == "2 new members of Dune statistics forum"
        assert summary.body.index("First Joiner") < summary.body.index("Second Joiner")
        # Turned off: nothing more.
        client.post(f"{_manage(group)}join-summary/", {})
        MembershipFactory(group=group, decided_at=start + dt.timedelta(days=1, hours=1))
        clock.move_to(start + dt.timedelta(days=2))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_join_summaries", stdout=io.StringIO())
        assert not mail.outbox
