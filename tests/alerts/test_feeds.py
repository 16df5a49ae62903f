"""Atom feeds of new groups, meetings, updates and case studies, whole hub and per theme."""

import xml.etree.ElementTree as ET

import pytest

from tests.intake.factories import UserGroupFactory
from tests.meetings.factories import MeetingFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def _entries(client, path) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    return [
        {
            "title": entry.find("a:title", ATOM).text,
            "link": entry.find("a:link", ATOM).get("href"),
            "id": entry.find("a:id", ATOM).text,
        }
        for entry in root.findall("a:entry", ATOM)
    ]


def test_group_and_meeting_feeds_whole_hub_and_per_theme(client):
    child = Theme.objects.get(slug="construction-industry")
    building = UserGroupFactory(name="Builders forum", themes=[child])
    travel = UserGroupFactory(
        name="Commuters forum", themes=[Theme.objects.get(slug="travel-to-work")]
    )
    meeting = MeetingFactory(group=building, title="Bricks and mortar")
    MeetingFactory(group=travel, title="Trains and buses")

    hub = [e["title"] for e in _entries(client, "/feeds/groups/")]
    assert {"Builders forum", "Commuters forum"} <= set(hub)
    parent = [e["title"] for e in _entries(client, f"/themes/{child.parent.slug}/feeds/groups/")]
    assert parent == ["Builders forum"]
    meetings = _entries(client, f"/themes/{child.slug}/feeds/meetings/")
    assert [e["title"] for e in meetings] == ["Bricks and mortar"]
    assert meetings[0]["link"] == f"http://testserver/meetings/{meeting.public_id}/"
    assert {e["title"] for e in _entries(client, "/feeds/meetings/")} == {
        "Bricks and mortar",
        "Trains and buses",
    }
    assert _entries(client, "/feeds/updates/") == []
    assert _entries(client, "/feeds/case-studies/") == []


def test_unknown_feeds_are_not_found(client):
    assert client.get("/feeds/nothing/").status_code == 404
    assert client.get("/themes/no-such-theme/feeds/groups/").status_code == 404


def test_pages_link_the_feeds_they_mirror(client):
    theme = Theme.objects.get(slug="construction-industry")
    theme_page = client.get(theme.get_absolute_url()).content.decode()
    for kind in ("groups", "meetings", "updates", "case-studies"):
        assert '<link rel="alternate" type="application/atom+xml" title="' in theme_page
        assert f'href="/themes/{theme.slug}/feeds/{kind}/"' in theme_page
    meetings_page = client.get("/meetings/").content.decode()
    assert 'rel="alternate" type="application/atom+xml" title="USER hub: meetings"' in meetings_page
    assert 'href="/feeds/meetings/"' in meetings_page
    filtered = client.get(f"/meetings/?theme={theme.slug}").content.decode()
    assert f'href="/themes/{theme.slug}/feeds/meetings/"' in filtered
    directory = client.get("/groups/").content.decode()
    assert 'href="/feeds/groups/"' in directory
