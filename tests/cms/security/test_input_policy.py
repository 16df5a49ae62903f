"""One input policy for every form and JSON field, with the requests that found the gaps."""

import html
import json

from django.core import mail

import pytest

from cms.editorial.models import CaseStudyIndexPage, CaseStudyPage
from cms.security.input_policy import HIDDEN, LINE_BREAK, text_problem
from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
from intake.submissions import spam
from tests.forms import rendering

LONE_SURROGATE = "\ud800"


def post_json(client, url, payload):
    # ensure_ascii keeps the lone surrogate as the \ud800 escape a JSON client sends.
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.mark.parametrize(
    ("text", "multiline", "problem"),
    [
        ("Ada Lovelace", False, None),
        ("Zoë O'Brien-Ng 李", False, None),
        ("Ada\r\nBcc: victim@example.org", False, LINE_BREAK),
        ("Ada\nLovelace", False, LINE_BREAK),
        ("First line\r\nSecond line\tindented", True, None),
        ("Ada\x00", True, HIDDEN),
        ("Ada\x1b[31m", True, HIDDEN),
        ("Ada\x85", True, HIDDEN),
        (f"Ada{LONE_SURROGATE}", True, HIDDEN),
        ("admin\u202etxt.exe", False, HIDDEN),
        ("Ada\u2066x\u2069", False, HIDDEN),
        ("Ad\u200ba", False, HIDDEN),
        ("\ufeffAda", False, HIDDEN),
        ("Ada\u2028Lovelace", False, LINE_BREAK),
    ],
)
def test_the_policy(text, multiline, problem):
    assert text_problem(text, multiline=multiline) == problem


@pytest.mark.django_db
class TestJsonBodies:
    def test_lone_surrogate_in_success_story_themes_is_a_clean_422(self, client, home_page):
        home_page.add_child(instance=CaseStudyIndexPage(title="Case studies", slug="case-studies"))
        payload = {
            "title": "Our panel",
            "organisation": "ons",
            "themes": [f"housing{LONE_SURROGATE}"],
            "goals": ["collaborate"],
            "task": "t",
            "approach": "a",
            "outcome": "o.",
            "name": "Mary Somerville",
            "email": "mary@example.org",
            "consent": True,
        }
        response = post_json(client, "/api/success-stories", payload)
        assert response.status_code == 422
        assert response["Content-Type"].startswith("application/json")
        assert "must not include hidden characters" in response.content.decode()
        assert not SuccessStory.objects.exists() and not CaseStudyPage.objects.exists()

    def test_lone_surrogate_in_champion_signup_themes_is_a_clean_422(self, client):
        payload = {
            "name": "Grace Hopper",
            "email": "grace@dwp.example.gov.uk",
            "role": "Statistician",
            "organisation": "dwp",
            "themes": [LONE_SURROGATE],
            "consent": True,
        }
        response = post_json(client, "/api/champion-signups", payload)
        assert response.status_code == 422
        assert "must not include hidden characters" in response.content.decode()
        assert not ChampionSignup.objects.exists()

    def test_line_break_in_a_name_is_refused_over_json(self, client):
        payload = {
            "organisation": "ons",
            "theme": "health-and-social-care",
            "statistics": "Weekly deaths",
            "kind": "new_data",
            "description": "Could you publish weekly deaths\r\nby local authority?",
            "name": "Ada\r\nBcc: everyone@example.org",
            "email": "ada@example.org",
            "consent": True,
        }
        response = post_json(client, "/api/engagement-requests", payload)
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert errors["name"][0].endswith("must be on one line: remove the line breaks.")
        assert "description" not in errors  # line breaks belong in a description
        assert not EngagementRequest.objects.exists()
        assert mail.outbox == []

    def test_bidi_override_in_a_group_name_is_refused(self, client):
        response = post_json(
            client,
            "/api/groups",
            {"name": "Health users \u202eegassem", "contact_email": "a@example.org"},
        )
        assert response.status_code == 422
        assert "hidden characters" in response.content.decode()


@pytest.mark.django_db
def test_line_break_in_a_name_is_refused_on_the_html_form(client):
    data = {
        "organisation": "ons",
        "theme": "health-and-social-care",
        "statistics": "Weekly deaths registered in England and Wales",
        "kind": "new_data",
        "description": "Could you publish weekly deaths\r\nby local authority and age group?",
        "name": "Ada\r\nLovelace",
        "email": "ada@example.org",
        "consent": "on",
        **rendering(),
        spam.HONEYPOT_FIELD: "",
    }
    response = client.post("/request-engagement/", data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert "must be on one line: remove the line breaks." in page
    assert not EngagementRequest.objects.exists()
    assert mail.outbox == []

    data["name"] = "Ada\u200bLovelace"
    page = html.unescape(client.post("/request-engagement/", data).content.decode())
    assert "must not include hidden characters" in page
    assert not EngagementRequest.objects.exists()

    data["name"] = "Ada Lovelace"
    response = client.post("/request-engagement/", data)
    assert response.status_code == 302
    assert EngagementRequest.objects.get().name == "Ada Lovelace"
