"""Every read endpoint of the hub's API (taken from the OpenAPI schema, so new ones are covered
too) and Wagtail's page API answer without anyone's private personal data."""

import re

from django.utils import timezone

import pytest

from cms.api import api
from cms.editorial.models import CaseStudyIndexPage
from intake.engagement import services
from tests.engagement.factories import (
    ChampionFactory,
    ChampionSignupFactory,
    EngagementRequestFactory,
    organisation,
    theme,
)
from tests.intake.factories import MembershipFactory, UserGroupFactory

pytestmark = pytest.mark.django_db

PRIVATE = {
    "requester": ("Rita Requester", "rita.requester@example.org"),
    "member": ("Mo Member", "mo.member@example.org"),
    "group contact email": ("", "hidden.contact@example.gov.uk"),
    "champion email": ("", "quiet.champion@ons.example.gov.uk"),
    "sign-up": ("Sid Signup", "sid.signup@example.gov.uk"),
    "story sender": ("Stella Sender", "stella.sender@example.org"),
}


@pytest.fixture
def people(home_page):
    group = UserGroupFactory(
        contact_name="Listed contact team",
        contact_email=PRIVATE["group contact email"][1],
        contact_email_public=False,
    )
    MembershipFactory(group=group, name=PRIVATE["member"][0], email=PRIVATE["member"][1])
    champion = ChampionFactory(email=PRIVATE["champion email"][1], show_email=False)
    EngagementRequestFactory(
        name=PRIVATE["requester"][0],
        email=PRIVATE["requester"][1],
        status="answered",
        answered_at=timezone.now(),
        public_summary="Users asked for more.",
        public_outcome="We published more.",
    )
    ChampionSignupFactory(name=PRIVATE["sign-up"][0], email=PRIVATE["sign-up"][1])
    home_page.add_child(instance=CaseStudyIndexPage(title="Case studies", slug="case-studies"))
    services.success_story_submit(
        data={
            "title": "A draft story",
            "organisation": organisation("ons"),
            "themes": [theme("housing")],
            "goals": [],
            "task": "t",
            "approach": "a",
            "outcome": "o.",
            "lessons": "",
            "name": PRIVATE["story sender"][0],
            "email": PRIVATE["story sender"][1],
            "show_contact": True,
        }
    )
    return {"slug": group.slug, "champion_id": champion.id}


def read_urls(values: dict) -> list[str]:
    """Every GET path of the OpenAPI schema, with its parameters filled in."""
    fill = {
        "/api/themes/{slug}": {"slug": "housing"},
        "/api/organisations/{slug}": {"slug": "ons"},
        "/api/groups/{slug}": {"slug": values["slug"]},
    }
    urls = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" not in operations:
            continue
        params = fill.get(path, values)
        filled = re.sub(r"\{(\w+)\}", lambda m, p=params: str(p.get(m.group(1), "")), path)
        assert "{" not in filled
        urls.append(filled)
    return urls


def test_every_read_endpoint_holds_no_private_personal_data(client, people):
    urls = read_urls(people)
    assert "/api/you-said-we-did" in urls and "/api/champions" in urls
    # Single words: the search echoes its query, which must not count as a leak.
    queries = ["", "?q=Rita", "?q=example.org", "?q=Stella", "?q=Member"]
    pages = client.get("/api/v2/pages/?limit=100").json()["items"]
    urls += [f"/api/v2/pages/{page['id']}/" for page in pages]
    urls += ["/api/v2/pages/?limit=100&fields=*", "/api/v2/images/", "/api/v2/documents/"]
    seen = 0
    for url in urls:
        for query in queries if "?" not in url else [""]:
            response = client.get(url + query)
            assert response.status_code < 500, url
            text = response.content.decode().lower()
            seen += response.status_code == 200
            for kind, (name, email) in PRIVATE.items():
                assert email not in text, f"{kind}'s email in {url}{query}"
                if name:
                    assert name.lower() not in text, f"{kind}'s name in {url}{query}"
    assert seen >= len(urls)
    # The listing the champions endpoint gives does hold the champion (so the check above
    # looked at real data), just not the email they keep private.
    assert "/api/champions" in urls
    assert str(people["champion_id"]) in client.get("/api/champions").content.decode()
