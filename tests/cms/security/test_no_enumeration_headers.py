"""No enumeration, no stored personal pages, JSON only, and headers on every kind of response."""

import json
import time
import zlib

from django.core.signing import b64_decode
from django.test import Client, override_settings

import pytest

from intake.engagement.models import EngagementRequest
from intake.links import manage_link
from intake.submissions.models import OutboundEmail
from tests.intake.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


def _timed_post(client, email):
    started = time.monotonic()
    response = client.post(
        "/api/manage/request", json.dumps({"email": email}), content_type="application/json"
    )
    return response, time.monotonic() - started


@override_settings(HUB_MANAGE_REQUEST_SECONDS=0.3)
def test_manage_link_request_answers_alike_for_any_address(client):
    group = UserGroupFactory(contact_email="contact@ons.example.gov.uk")
    known, known_seconds = _timed_post(client, group.contact_email)
    unknown, unknown_seconds = _timed_post(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert known_seconds >= 0.3 and unknown_seconds >= 0.3
    assert [e.to for e in OutboundEmail.objects.all()] == [[group.contact_email]]


def test_manage_links_carry_no_email_address(client):
    group = UserGroupFactory(contact_email="Someone.Contact@ons.example.gov.uk")
    link = manage_link(group=group)
    token = link.rstrip("/").rsplit("/", 1)[1]
    data = token.split(":")[0]
    raw = b64_decode(data.removeprefix(".").encode())
    decoded = zlib.decompress(raw) if data.startswith(".") else raw
    assert b"someone" not in decoded.lower() and b"@" not in decoded
    assert "someone" not in link.lower()
    # The link works, and stops working when the contact changes.
    path = link.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store, private"
    group.contact_email = "new.contact@ons.example.gov.uk"
    group.save()
    assert client.get(path).status_code == 404


def test_json_endpoints_refuse_other_content_types(client):
    body = json.dumps({"name": "Ada", "email": "ada@example.org", "consent": True})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.generic(
            "POST", "/api/engagement-requests", body, content_type=content_type
        )
        assert response.status_code == 415, content_type
        assert "Content-Type: application/json" in response.json()["detail"]
    assert not EngagementRequest.objects.exists()
    ok = client.post("/api/engagement-requests", body, content_type="application/json")
    assert ok.status_code == 422  # checked as JSON: fields missing


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_static_files_and_the_bad_host_page_carry_security_headers():
    client = Client()
    static = client.get("/static/hub/hub.css")
    assert static.status_code == 200
    bad_host = client.get("/", HTTP_HOST="evil.example")
    assert bad_host.status_code == 400
    for response in (static, bad_host):
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_admin_requests_no_avatars_from_outside(client, django_user_model):
    user = django_user_model.objects.create_superuser("avatar-ed", "ed@example.org", "pw")
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    assert "gravatar" not in page.lower()
