import pytest

from intake import spam
from tests.forms import aged_timestamp


@pytest.fixture
def follow_post() -> dict:
    return {
        "email": "Reader@Example.org",
        "themes": ["business-industry-and-trade"],
        "frequency": "weekly",
        "consent": "on",
        spam.TIMESTAMP_FIELD: aged_timestamp(),
        spam.HONEYPOT_FIELD: "",
    }
