"""The pages behind a member's emailed links say which group they are about and what will
happen, and a link about something already done says so at once."""

from urllib.parse import urlparse

import pytest

from intake.links import leave_link
from intake.models import Membership, UserGroup
from intake.submissions.tokens import link_for
from tests.intake.factories import MembershipFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def confirm_path(membership) -> str:
    url = link_for(
        url_name="intake:membership_confirm",
        purpose="membership-confirm",
        payload=str(membership.public_id),
    )
    return urlparse(url).path


def leave_path(membership) -> str:
    return urlparse(leave_link(membership=membership)).path


@pytest.mark.parametrize(
    ("membership_type", "lead"),
    [
        (UserGroup.Membership.OPEN, "to join Orchard statistics users."),
        (UserGroup.Membership.REQUEST, "to send your request to join Orchard statistics users."),
    ],
)
def test_confirm_page_names_the_group_and_what_confirming_does(client, membership_type, lead):
    group = UserGroupFactory(name="Orchard statistics users", membership=membership_type)
    membership = MembershipFactory(group=group, status=Membership.Status.UNCONFIRMED)
    html = client.get(confirm_path(membership)).content.decode()
    assert lead in html
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.UNCONFIRMED


@pytest.mark.parametrize("status", [Membership.Status.LEFT, Membership.Status.DECLINED])
def test_confirm_link_for_a_closed_request_says_it_does_not_work_at_once(client, status):
    membership = MembershipFactory(status=status)
    html = client.get(confirm_path(membership)).content.decode()
    assert "Confirm email address" not in html
    assert "expired or is not valid" in html


@pytest.mark.parametrize(
    ("status", "title", "button"),
    [
        (Membership.Status.ACTIVE, "Leave Orchard statistics users", "Leave the group"),
        (
            Membership.Status.PENDING,
            "Withdraw your request to join Orchard statistics users",
            "Withdraw my request",
        ),
    ],
)
def test_leave_page_names_the_group(client, status, title, button):
    membership = MembershipFactory(group__name="Orchard statistics users", status=status)
    html = client.get(leave_path(membership)).content.decode()
    assert title in html and button in html
    assert Membership.objects.get(pk=membership.pk).status == status


def test_leave_link_after_leaving_shows_the_outcome_without_asking_again(client):
    membership = MembershipFactory(status=Membership.Status.LEFT)
    html = client.get(leave_path(membership)).content.decode()
    assert "Leave the group" not in html
    assert membership.group.name in html


@pytest.mark.parametrize("token", ["x", "a" * 3000, "not-a-token:abc:def"])
def test_forged_links_say_they_do_not_work(client, token):
    for prefix in ("/groups/join/confirm/", "/groups/leave/"):
        response = client.get(f"{prefix}{token}/")
        assert response.status_code == 200
        assert "expired or is not valid" in response.content.decode()
