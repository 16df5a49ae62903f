"""Fixtures for the intake tests."""

import pytest

from intake.submissions import spam
from tests.forms import rendering


@pytest.fixture
def group_post() -> dict:
    """A complete, valid registration as the HTML form posts it."""
    return {
        "name": "Rural transport statistics user forum",
        "summary": "Users and producers of rural bus and rail statistics meet to plan releases.",
        "description": "We discuss new breakdowns of rural transport statistics.\nAll welcome.",
        "themes": ["travel-to-work", "regional-accounts"],
        "producing_organisations": ["dft", "ons"],
        "administering_body": "dft",
        "membership": "open",
        "how_to_join": "We will send you the joining instructions for our online meetings.",
        "meeting_frequency": "quarterly",
        "format": "online",
        "regions": ["england", "wales"],
        "audiences": ["local-government"],
        "website": "https://www.gov.uk/rural-transport",
        "contact_name": "Rural statistics team",
        "contact_email": "Rural.Stats@dft.example.gov.uk",
        "contact_email_public": "on",
        "consent": "on",
        **rendering(),
        spam.HONEYPOT_FIELD: "",
    }


@pytest.fixture
def join_post() -> dict:
    return {
        "name": "Ada Lovelace",
        "email": "Ada@Example.org",
        "organisation": "Analytical Engines Ltd",
        "hopes": "To learn about <b>new</b> releases & give feedback.",
        "consent": "on",
        **rendering(),
        spam.HONEYPOT_FIELD: "",
    }


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.gov.uk", password="pw-editor-1"
    )


@pytest.fixture
def join_post_for_group(join_post):
    from tests.intake.factories import UserGroupFactory

    return UserGroupFactory(), join_post
