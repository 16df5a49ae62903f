"""The JSON endpoints: same services, same rules, idempotency keys, OpenAPI schema."""

import copy
import json

from django.core import mail

import pytest

from intake import links
from intake.api import GroupRegisterIn
from intake.models import GroupChange, Membership, UserGroup
from intake.submissions import tokens
from intake.submissions.models import IdempotencyKey
from tests.intake.factories import MembershipFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def api_group() -> dict:
    """A registration the API accepts: the schema's own example (a fresh copy each time)."""
    return copy.deepcopy(GroupRegisterIn.example)


def post(client, path, payload, **headers):
    return client.post(path, json.dumps(payload), content_type="application/json", headers=headers)


def test_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/groups",
        "/api/groups/similar",
        "/api/groups/verify",
        "/api/groups/{slug}/join",
        "/api/memberships/confirm",
        "/api/memberships/leave",
        "/api/manage/request",
        "/api/manage/edit",
        "/api/manage/memberships/{membership_id}/decision",
    ):
        assert path in paths, path


def test_register_then_verify(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/api/groups", api_group())
    assert response.status_code == 201, response.content
    body = response.json()
    group = UserGroup.objects.get(public_id=body["id"])
    assert body["status"] == "pending"
    assert group.next_meeting is None  # it comes from the meetings the group adds
    (verify_email,) = mail.outbox
    token = verify_email.body.split("/groups/confirm/")[1].split("/")[0]
    verified = post(client, "/api/groups/verify", {"token": token})
    assert verified.status_code == 200
    group.refresh_from_db()
    assert group.email_verified_at is not None
    assert post(client, "/api/groups/verify", {"token": "bad"}).status_code == 404


def test_register_validation_errors_are_sentences_per_field(client):
    payload = {**api_group(), "themes": ["nope"], "contact_email": "x", "consent": False}
    response = post(client, "/api/groups", payload)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["themes"] == ["Select themes from the list."]
    assert errors["contact_email"][0].startswith("Enter an email address in the correct format")
    assert "consent" in errors
    assert not UserGroup.objects.exists()


def test_wrong_types_are_422_not_500(client):
    response = post(client, "/api/groups", {"themes": "gdp", "name": {"a": 1}})
    assert response.status_code == 422
    response = client.post("/api/groups", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)


def test_same_idempotency_key_creates_one_record(client):
    first = post(client, "/api/groups", api_group(), **{"Idempotency-Key": "abc-123"})
    second = post(client, "/api/groups", api_group(), **{"Idempotency-Key": "abc-123"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert UserGroup.objects.count() == 1
    different = post(
        client, "/api/groups", {**api_group(), "name": "Other"}, **{"Idempotency-Key": "abc-123"}
    )
    assert different.status_code == 422
    assert UserGroup.objects.count() == 1
    other_key = post(client, "/api/groups", api_group(), **{"Idempotency-Key": "xyz"})
    assert other_key.status_code == 201
    assert UserGroup.objects.count() == 2


def test_a_failed_request_does_not_use_up_the_key(client):
    bad = post(client, "/api/groups", {**api_group(), "name": ""}, **{"Idempotency-Key": "k1"})
    assert bad.status_code == 422
    assert not IdempotencyKey.objects.exists()
    good = post(client, "/api/groups", api_group(), **{"Idempotency-Key": "k1"})
    assert good.status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "ünïcode"])
def test_malformed_keys_are_refused(client, key):
    response = post(client, "/api/groups", api_group(), **{"Idempotency-Key": key})
    assert response.status_code == 400
    assert not UserGroup.objects.exists()


def test_similar(client):
    group = UserGroupFactory(name="Coastal Shipping Statistics Users Group")
    response = post(client, "/api/groups/similar", {"name": "Coastal shiping statistics"})
    assert response.status_code == 200
    assert [g["slug"] for g in response.json()] == [group.slug]
    assert response.json()[0]["join_url"].endswith(f"/groups/{group.slug}/join/")


def test_list_and_detail_show_only_listed_groups(client):
    listed = UserGroupFactory(contact_email="hidden@example.gov.uk")
    pending = UserGroupFactory(status="pending")
    body = client.get("/api/groups").json()
    assert [g["slug"] for g in body["results"]] == [listed.slug]
    assert body["results"][0]["contact_email"] == ""
    assert client.get(f"/api/groups/{pending.slug}").status_code == 404
    assert client.get(f"/api/groups/{listed.slug}").json()["name"] == listed.name
    theme = client.get("/api/groups?theme=business-industry-and-trade").json()
    assert theme["count"] == 1
    assert client.get("/api/groups?theme=economy").json()["count"] == 0


def test_join_confirm_and_leave(client, django_capture_on_commit_callbacks):
    group = UserGroupFactory(membership="open")
    payload = {"name": "Mary", "email": "mary@example.org", "consent": True}
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, f"/api/groups/{group.slug}/join", payload, **{"Idempotency-Key": "j1"}
        )
    assert response.status_code == 201
    again = post(client, f"/api/groups/{group.slug}/join", payload, **{"Idempotency-Key": "j1"})
    assert again.status_code == 201
    duplicate = post(client, f"/api/groups/{group.slug}/join", payload)
    assert duplicate.status_code == 409
    assert "already asked to join" in duplicate.json()["errors"]["email"][0]
    membership = Membership.objects.get()
    confirm = tokens.token_make(purpose="membership-confirm", payload=str(membership.public_id))
    assert post(client, "/api/memberships/confirm", {"token": confirm}).json()["status"] == "active"
    leave = tokens.token_make(purpose="leave", payload=str(membership.public_id))
    assert post(client, "/api/memberships/leave", {"token": leave}).json()["status"] == "left"


def test_join_refuses_invitation_only_and_unknown_groups(client):
    group = UserGroupFactory(membership="invitation", how_to_join="Ask the chair.")
    payload = {"name": "Mary", "email": "mary@example.org", "consent": True}
    assert post(client, f"/api/groups/{group.slug}/join", payload).status_code == 422
    assert post(client, "/api/groups/nope/join", payload).status_code == 404
    assert not Membership.objects.exists()


def test_manage_through_the_api(client):
    group = UserGroupFactory(name="Listed name", membership="request")
    member = MembershipFactory(group=group, status="pending")
    token = links.manage_link(group=group).rstrip("/").rsplit("/", 1)[-1]
    listing = post(client, "/api/manage/listing", {"token": token}).json()
    assert listing["members"][0]["email"] == member.email
    edit = post(
        client,
        "/api/manage/edit",
        {**api_group(), "token": token, "name": "Proposed name", "membership": "request"},
    )
    assert edit.status_code == 200, edit.content
    assert "name" in edit.json()["waiting"]
    assert GroupChange.objects.filter(status="pending").exists()
    decided = post(
        client,
        f"/api/manage/memberships/{member.pk}/decision",
        {"token": token, "decision": "accept"},
    )
    assert decided.json()["status"] == "active"
    assert post(client, "/api/manage/confirm-current", {"token": token}).status_code == 200
    assert post(client, "/api/manage/archive", {"token": token}).json()["status"] == "archived"
    assert post(client, "/api/manage/listing", {"token": "forged"}).status_code == 404


def test_manage_request_answers_the_same_for_any_address(client):
    UserGroupFactory(contact_email="known@example.gov.uk")
    known = post(client, "/api/manage/request", {"email": "known@example.gov.uk"})
    unknown = post(client, "/api/manage/request", {"email": "unknown@example.gov.uk"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()


def test_api_posts_are_rate_limited(client, settings):
    settings.INTAKE_POST_RATE = "2/h"
    for _ in range(2):
        assert post(client, "/api/groups", {"name": ""}).status_code == 422
    limited = post(client, "/api/groups", api_group())
    assert limited.status_code == 429
    assert "Too many requests" in limited.json()["detail"]
    assert not UserGroup.objects.exists()


def test_a_typed_next_meeting_is_refused_and_says_where_it_comes_from(client):
    response = post(client, "/api/groups", {**api_group(), "next_meeting": "2099-05-01T10:00"})
    assert response.status_code in (400, 422), response.content
    assert "comes from the group's meetings" in response.content.decode()
    assert not UserGroup.objects.exists()
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "next_meeting" not in schema["GroupRegisterIn"]["properties"]
    assert "derived" in schema["GroupOut"]["properties"]["next_meeting"]["description"]
