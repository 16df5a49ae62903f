"""The Wagtail admin's home page counts what waits for the hub team's decision."""

import re
from html import unescape

from django.contrib.auth.models import Group, Permission

import pytest

from tests.intake.factories import GroupChangeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def panel_links(html: str) -> dict[str, str]:
    """The groups panel's links, text to address."""
    match = re.search(
        r'<section[^>]*aria-labelledby="groups-waiting-heading".*?</section>', html, re.S
    )
    assert match, "the admin home page has the groups panel"
    return {
        text.strip(): unescape(href)
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', match[0])
    }


def test_admin_home_counts_registrations_and_listing_edits_waiting(client, editor):
    UserGroupFactory(status="pending")
    UserGroupFactory(status="pending")
    UserGroupFactory(status="pending", email_verified_at=None)  # not verified: not in the queue
    UserGroupFactory(status="changes_requested")  # waits for the contact, not the hub team
    GroupChangeFactory()
    GroupChangeFactory(status="approved")
    client.force_login(editor)
    links = panel_links(client.get("/admin/").content.decode())
    assert links == {
        "2 group registrations waiting for a decision": (
            "/admin/intake/usergroup/?status__exact=pending"
        ),
        "1 edit to a group listing waiting for a decision": (
            "/admin/intake/usergroup/?pending_change=yes"
        ),
    }


def test_the_panel_links_list_what_it_counts(client, editor):
    waiting = UserGroupFactory(status="pending", name="Waiting registration")
    listed = UserGroupFactory(name="Listed, no edit")
    edited = GroupChangeFactory(group=UserGroupFactory(name="Listed with an edit")).group
    client.force_login(editor)
    links = panel_links(client.get("/admin/").content.decode())
    registrations = client.get(links["1 group registration waiting for a decision"])
    assert registrations.status_code == 200
    html = registrations.content.decode()
    assert waiting.name in html and listed.name not in html and edited.name not in html
    edits = client.get(links["1 edit to a group listing waiting for a decision"])
    assert edits.status_code == 200
    html = edits.content.decode()
    assert edited.name in html and listed.name not in html and waiting.name not in html


def test_the_panel_is_only_for_people_who_moderate_groups(client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="pw-reader-1")
    readers = Group.objects.create(name="Readers")
    readers.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(readers)
    UserGroupFactory(status="pending")
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "groups-waiting-heading" not in html
    moderator = django_user_model.objects.create_user(username="mod", password="pw-mod-1")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    assert "1 group registration waiting" in client.get("/admin/").content.decode()
