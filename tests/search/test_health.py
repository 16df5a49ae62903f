"""/healthz reports the search backend and whether the last search fell back."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_embedded_backend(client):
    client.get("/search/", {"q": "anything"})
    search = client.get("/healthz").json()["search"]
    assert search["backend"] == "database"
    assert search["status"] == "ok"
    assert search["last_query_backend"] == "database"
    assert search["last_query_fell_back"] is False
    assert search["outbox_pending"] == 0
