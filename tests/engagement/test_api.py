"""The JSON endpoints: same rules as the forms, idempotent, in the schema, no personal data."""

import json

from django.core import mail
from django.test import override_settings
from django.utils import timezone

import pytest

from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage
from intake.engagement.api import EngagementRequestIn
from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
from tests.engagement.factories import EngagementRequestFactory
from tests.forms import emails_to, links_in

pytestmark = pytest.mark.django_db

PERSONAL = ("Ada Lovelace", "ada@example.org", "Analytical Engines")


def post_json(client, url, payload, **headers):
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


def request_payload(**overrides):
    """The schema's example request, with the optional answers given too."""
    payload = {
        **EngagementRequestIn.example,
        "requester_organisation": "Analytical Engines",
        "consent_to_publish": True,
    }
    return {**payload, **overrides}


def assert_no_personal_data(response):
    text = response.content.decode()
    for value in PERSONAL:
        assert value.lower() not in text.lower()


def test_create_request_returns_reference_and_status_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, "/api/engagement-requests", request_payload())
    assert response.status_code == 201
    body = response.json()
    item = EngagementRequest.objects.get()
    assert body["reference"] == item.reference and body["status"] == "received"
    assert_no_personal_data(response)
    assert item.consent_given_at and item.privacy_notice_version == "2026-01"
    # The status link in the response is the one in the email, and the status endpoint
    # answers for its token.
    (receipt,) = emails_to("ada@example.org")
    (email_link,) = links_in(receipt, containing="/status/")
    # Both are signed links to the same request (the signature's timestamp may differ).
    assert body["status_url"].startswith("http://testserver/request-engagement/status/")

    def payload(url):
        return url.rstrip("/").rsplit("/", 1)[-1].split(":")[0]

    assert payload(body["status_url"]) == payload(email_link)
    token = email_link.rstrip("/").rsplit("/", 1)[-1]
    status = post_json(client, "/api/engagement-requests/status", {"token": token})
    assert status.status_code == 200
    assert status.json()["reference"] == item.reference
    assert [h["status"] for h in status.json()["history"]] == ["received"]
    assert_no_personal_data(status)


def test_invalid_request_gives_422_with_sentences_and_saves_nothing(client):
    response = post_json(
        client, "/api/engagement-requests", request_payload(email="nope", consent=False)
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["email"] == [
        "Enter an email address in the correct format, like name@example.com."
    ]
    assert "consent" in errors
    assert EngagementRequest.objects.count() == 0
    wrong_types = post_json(client, "/api/engagement-requests", {"name": ["a"], "consent": "x"})
    assert wrong_types.status_code == 422
    assert post_json(client, "/api/engagement-requests", "not an object").status_code == 422
    assert EngagementRequest.objects.count() == 0


def test_same_idempotency_key_creates_one_request(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = post_json(
            client, "/api/engagement-requests", request_payload(), HTTP_IDEMPOTENCY_KEY="k-1"
        )
        second = post_json(
            client, "/api/engagement-requests", request_payload(), HTTP_IDEMPOTENCY_KEY="k-1"
        )
        third = post_json(
            client, "/api/engagement-requests", request_payload(), HTTP_IDEMPOTENCY_KEY="k-2"
        )
    assert first.json()["reference"] == second.json()["reference"] != third.json()["reference"]
    assert second["Idempotent-Replayed"] == "true"
    assert EngagementRequest.objects.count() == 2
    assert len(emails_to("ada@example.org")) == 2


def test_status_endpoint_refuses_bad_tokens(client):
    for token in ("", "x", "a" * 999):
        response = post_json(client, "/api/engagement-requests/status", {"token": token})
        assert response.status_code == 404
        assert "This link has expired or is not valid" in response.json()["detail"]


def test_you_said_we_did_api_has_no_personal_data(client, django_assert_max_num_queries):
    items = [
        EngagementRequestFactory(
            status="answered",
            answered_at=timezone.now(),
            public_summary=f"Users asked for breakdown {n}.",
            public_outcome="We published it.",
        )
        for n in range(25)
    ]
    EngagementRequestFactory(
        status="answered",
        answered_at=timezone.now(),
        consent_to_publish=False,
        public_summary="HIDDEN",
        public_outcome="HIDDEN",
    )
    with django_assert_max_num_queries(3):
        response = client.get("/api/you-said-we-did")
    body = response.json()
    assert body["count"] == 25 and body["pages"] == 2 and len(body["results"]) == 20
    text = response.content.decode() + client.get("/api/you-said-we-did?page=2").content.decode()
    assert "HIDDEN" not in text
    for item in items:
        for value in (item.name, item.email, item.description, item.reference, item.statistics):
            assert value not in text
    assert set(body["results"][0]) == {
        "organisation", "theme", "theme_slug", "kind", "you_said", "we_did", "answered_at"
    }  # fmt: skip
    assert client.get("/api/you-said-we-did?page=0").status_code == 422
    assert client.get("/api/you-said-we-did?page=999").status_code == 200


def test_champion_signup_api(client, django_capture_on_commit_callbacks):
    payload = {
        "name": "Grace Hopper",
        "email": "grace@dwp.example.gov.uk",
        "role": "Statistician",
        "organisation": "dwp",
        "themes": ["people-in-work"],
        "consent": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, "/api/champion-signups", payload)
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert "grace" not in response.content.decode().lower()
    signup = ChampionSignup.objects.get()
    assert [t.slug for t in signup.themes.all()] == ["people-in-work"]
    assert emails_to("editors@userhub.example")
    bad = post_json(client, "/api/champion-signups", {**payload, "themes": ["no-such-theme"]})
    assert bad.status_code == 422 and "themes" in bad.json()["errors"]
    assert ChampionSignup.objects.count() == 1


def test_success_story_api_creates_a_draft(client, home_page):
    home_page.add_child(instance=CaseStudyIndexPage(title="Case studies", slug="case-studies"))
    payload = {
        "title": "Our panel",
        "organisation": "ons",
        "themes": ["housing"],
        "goals": ["collaborate"],
        "task": "t",
        "approach": "a",
        "outcome": "o.",
        "name": "Mary Somerville",
        "email": "mary@example.org",
        "consent": True,
    }
    response = post_json(client, "/api/success-stories", payload)
    assert response.status_code == 201 and response.json()["status"] == "draft"
    assert "mary" not in response.content.decode().lower()
    page = CaseStudyPage.objects.get()
    assert not page.live and SuccessStory.objects.get().page_id == page.pk
    bad = post_json(client, "/api/success-stories", {**payload, "goals": ["world_peace"]})
    assert bad.status_code == 422 and "goals" in bad.json()["errors"]


@override_settings(INTAKE_POST_RATE="2/m")
def test_api_rate_limit(client):
    for _ in range(2):
        assert post_json(client, "/api/engagement-requests", {}).status_code == 422
    response = post_json(client, "/api/engagement-requests", {})
    assert response.status_code == 429 and "Wait a minute" in response.json()["detail"]


def test_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/engagement-requests",
        "/api/engagement-requests/status",
        "/api/you-said-we-did",
        "/api/success-stories",
        "/api/champion-signups",
    ):
        assert path in paths
    assert mail.outbox == []
