"""Editors: synonyms they change take effect at once; insights show what people cannot find."""

from django.contrib.auth import get_user_model

import pytest

from search.backends.embedded import EmbeddedBackend
from search.models import QueryLog, Synonym
from search.queries import SearchQuery
from tests.search.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_synonyms_are_seeded_and_editable_in_the_admin(
    editor_client, django_capture_on_commit_callbacks
):
    assert Synonym.objects.filter(term="jobs").exists()
    assert Synonym.objects.get(term="nhs").alternative_list() == [
        "health",
        "healthcare system",
        "national health service",
    ]
    for term in ("gdp", "gross domestic product", "cpih", "rpi", "ons", "well being"):
        assert Synonym.objects.filter(term=term).exists(), term
    # The synonym this test adds must not be there yet, whatever ran before.
    Synonym.objects.filter(term="fishing").delete()
    with django_capture_on_commit_callbacks(execute=True):
        group = UserGroupFactory(name="Angling statistics forum")
    assert EmbeddedBackend().search(SearchQuery(text="fishing")).total == 0

    response = editor_client.post(
        "/admin/snippets/hub_search/synonym/add/", {"term": "fishing", "alternatives": "angling"}
    )
    assert response.status_code == 302
    hits = EmbeddedBackend().search(SearchQuery(text="fishing")).hits
    assert [hit.object_id for hit in hits] == [group.pk]


def test_insights_show_top_and_zero_result_queries_per_theme(editor_client):
    for query, theme, count in [
        ("jobs", "", 4),
        ("jobs", "", 2),
        ("otters", "housing", 0),
        ("otters", "housing", 0),
        ("", "gdp", 0),
    ]:
        QueryLog.objects.create(
            query=query, theme=theme, result_count=count, backend="database", duration_ms=3
        )
    html = editor_client.get("/admin/search-insights/").content.decode()
    assert "Search insights" in html
    assert "<td>jobs</td><td>2</td>" in html
    assert "<h3>Housing</h3>" in html and "<td>otters</td><td>2</td>" in html
    assert "<h3>GDP</h3>" in html and "(no words, filters only)" in html


def test_insights_need_an_admin_login(client):
    assert client.get("/admin/search-insights/").status_code == 302
