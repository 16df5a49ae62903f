import pytest

from intake.submissions import spam
from tests.forms import rendering


@pytest.fixture
def follow_post() -> dict:
    return {
        "email": "Reader@Example.org",
        "themes": ["business-industry-and-trade"],
        "frequency": "weekly",
        "consent": "on",
        **rendering(),
        spam.HONEYPOT_FIELD: "",
    }
