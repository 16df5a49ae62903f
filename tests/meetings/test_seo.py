"""The sitemap lists the public pages, the listed groups and their meetings; robots.txt keeps
the admin and every signed link out."""

import xml.etree.ElementTree as ET

import pytest

from intake.links import manage_link
from intake.models import UserGroup
from tests.intake.factories import UserGroupFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_sitemap_lists_pages_listed_groups_and_their_meetings(client, home_page):
    listed = UserGroupFactory(slug="listed-forum")
    hidden = UserGroupFactory(slug="pending-forum", status=UserGroup.Status.PENDING)
    meeting = MeetingFactory(group=listed)
    secret = MeetingFactory(group=hidden)
    locations = _locations(client)
    paths = {loc.split("testserver", 1)[-1].split("localhost", 1)[-1] for loc in locations}
    assert "/groups/listed-forum/" in paths
    assert f"/meetings/{meeting.public_id}/" in paths
    assert "/groups/pending-forum/" not in paths
    assert f"/meetings/{secret.public_id}/" not in paths
    assert any(
        loc.endswith("/") and "groups" not in loc and "meetings" not in loc for loc in locations
    )  # the home page
    assert len(locations) == len(set(locations))


def test_robots_keeps_the_admin_and_signed_links_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    rules = response.content.decode().splitlines()
    assert rules[0] == "User-agent: *"
    disallowed = [line.removeprefix("Disallow: ") for line in rules if line.startswith("Disallow")]
    for path in ("/admin/", "/manage/", "/groups/confirm/", "/groups/leave/", "/follow/manage/"):
        assert path in disallowed
    assert "Sitemap: http://testserver/sitemap.xml" in rules
    # A real manage link falls under a disallowed prefix; public pages do not.
    link = manage_link(group=UserGroupFactory()).removeprefix("http://testserver")
    assert any(link.startswith(path) for path in disallowed)
    for public in ("/groups/", "/meetings/", "/themes/", "/search/"):
        assert not any(public.startswith(path) for path in disallowed)
