"""Fixtures for the engagement tests."""

import pytest

from intake.submissions import spam
from tests.forms import rendering


@pytest.fixture
def request_post() -> dict:
    """A complete, valid engagement request as the HTML form posts it."""
    return {
        "organisation": "ons",
        "theme": "health-and-social-care",
        "statistics": "Weekly deaths registered in England and Wales",
        "kind": "new_data",
        "description": "Could you publish weekly deaths by local authority and age group?",
        "name": "Ada Lovelace",
        "email": "Ada.Lovelace@example.org",
        "requester_organisation": "Analytical Engines Ltd",
        "consent_to_publish": "on",
        "consent": "on",
        **rendering(),
        spam.HONEYPOT_FIELD: "",
    }


@pytest.fixture
def signup_post() -> dict:
    return {
        "name": "Grace Hopper",
        "email": "grace.hopper@dwp.example.gov.uk",
        "role": "Head of user engagement",
        "organisation": "dwp",
        "themes": ["people-in-work", "people-not-in-work"],
        "bio": "I run the user panel for labour market statistics.",
        "show_email": "on",
        "consent": "on",
        **rendering(),
        spam.HONEYPOT_FIELD: "",
    }


@pytest.fixture
def story_post() -> dict:
    return {
        "title": "How a user panel reshaped our housing release",
        "organisation": "mhclg",
        "themes": ["housing"],
        "goals": ["collaborate", "strengthen_culture"],
        "task": "We wanted to know which housing tables people used.",
        "approach": "We ran a user panel of 40 people over three months.",
        "outcome": "We cut three unused tables. We added a local breakdown users asked for.",
        "lessons": "Ask early, and publish what you heard.",
        "name": "Mary Somerville",
        "email": "mary.somerville@mhclg.example.gov.uk",
        "consent": "on",
        **rendering(),
        spam.HONEYPOT_FIELD: "",
    }


@pytest.fixture
def editor(db, django_user_model):
    """A member of Wagtail's Editors group (plus admin access), as the hub team works."""
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user(
        username="editor", email="editor@userhub.example", password="pw"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
