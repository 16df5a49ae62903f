"""Handing a listing over: the new contact confirms by email first, the old one is told; an
editor can start it when the old contact has left."""

import re

from django.core import mail

import pytest

from intake.links import manage_link
from intake.models import GroupHandover, ModerationDecision, UserGroup
from tests.intake.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return url.replace("http://testserver", "")


def _link(email, part: str) -> str:
    return re.search(rf"http://testserver(/{part}/[^/\s]+/)", email.body).group(1)


def test_the_contact_hands_over_and_the_new_contact_confirms(
    client, django_capture_on_commit_callbacks
):
    group = UserGroupFactory(
        name="Estuary statistics users",
        contact_name="Old Contact",
        contact_email="old@example.gov.uk",
        contact_email_public=True,
    )
    manage = _path(manage_link(group=group))
    assert "Hand the listing over" in client.get(manage).content.decode()

    response = client.post(
        f"{manage}hand-over/", {"new_contact_name": "", "new_contact_email": "x"}
    )
    html = response.content.decode()
    assert "Enter the name of the new contact." in html
    assert "Enter an email address in the correct format, like name@example.com." in html
    response = client.post(
        f"{manage}hand-over/",
        {"new_contact_name": "Same", "new_contact_email": "OLD@example.gov.uk"},
    )
    assert "this is already the listing" in response.content.decode()
    assert not GroupHandover.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{manage}hand-over/",
            {"new_contact_name": "New Contact", "new_contact_email": "New@Example.gov.uk"},
            follow=True,
        )
    assert "We have emailed the new contact a link to confirm" in response.content.decode()
    (invite,) = mail.outbox
    assert invite.to == ["new@example.gov.uk"]
    assert invite.subject == "Confirm you are taking over the listing for Estuary statistics users"
    assert "Old Contact, the current contact, asked us" in invite.body
    group.refresh_from_db()
    assert group.contact_email == "old@example.gov.uk", "nothing changes before they confirm"

    confirm = _link(invite, "groups/handover")
    page = client.get(confirm).content.decode()
    assert "Take over the listing for Estuary statistics users" in page
    group.refresh_from_db()
    assert group.contact_email == "old@example.gov.uk", "opening the link changes nothing"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(confirm).content.decode()
    assert "You are now the contact" in page
    group.refresh_from_db()
    assert (group.contact_name, group.contact_email) == ("New Contact", "new@example.gov.uk")
    assert group.contact_email_public is False
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        ("new@example.gov.uk", "You are now the contact for Estuary statistics users"),
        ("old@example.gov.uk", "You are no longer the contact for Estuary statistics users"),
    ]
    # The old contact's link stops working; the new contact's works.
    assert client.get(manage).status_code == 404
    new_email = next(m for m in mail.outbox if m.to == ["new@example.gov.uk"])
    assert client.get(_link(new_email, "manage")).status_code == 200
    # Confirming again changes nothing and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    assert not mail.outbox


def test_a_later_handover_replaces_the_earlier_one(client, django_capture_on_commit_callbacks):
    group = UserGroupFactory(contact_email="old@example.gov.uk")
    manage = _path(manage_link(group=group))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{manage}hand-over/", {"new_contact_name": "A", "new_contact_email": "a@x.org"}
        )
        client.post(
            f"{manage}hand-over/", {"new_contact_name": "B", "new_contact_email": "b@x.org"}
        )
    first, second = mail.outbox
    response = client.post(_link(first, "groups/handover"))
    assert "This link has expired or is not valid" in response.content.decode()
    group.refresh_from_db()
    assert group.contact_email == "old@example.gov.uk"
    client.post(_link(second, "groups/handover"))
    group.refresh_from_db()
    assert group.contact_email == "b@x.org"


def test_an_editor_hands_over_a_listing_whose_contact_has_left(
    admin_client, client, django_capture_on_commit_callbacks
):
    group = UserGroupFactory(name="Moorland users", contact_email="left@example.gov.uk")
    url = f"/admin/intake/usergroup/handover/{group.pk}/"
    # One "View" control per row in the list; the hand-over action is on the group's screen.
    assert url in admin_client.get(f"/admin/intake/usergroup/inspect/{group.pk}/").content.decode()
    response = admin_client.post(url, {"new_contact_name": "", "new_contact_email": ""})
    assert "Enter the name of the new contact." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url, {"new_contact_name": "Replacement", "new_contact_email": "new@example.gov.uk"}
        )
    (invite,) = mail.outbox
    assert "The USER hub team asked us to make you the contact" in invite.body
    decision = ModerationDecision.objects.get(group=group)
    assert decision.action == ModerationDecision.Action.HANDOVER
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(invite, "groups/handover"))
    group.refresh_from_db()
    assert group.contact_email == "new@example.gov.uk"
    assert UserGroup.objects.get(pk=group.pk).email_verified_at is not None
    assert any(m.to == ["left@example.gov.uk"] for m in mail.outbox), "the old contact is told"
