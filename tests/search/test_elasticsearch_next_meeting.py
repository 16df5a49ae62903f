"""Sorting by next meeting on Elasticsearch is decided when the search runs: a meeting that has
passed sorts like no meeting at once, without waiting for the refresh to move the index on."""

import time
from datetime import timedelta

from django.utils import timezone

import pytest

from intake.models import UserGroup
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.queries import SearchQuery
from tests.search.factories import UserGroupFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def groups(es_settings, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for name, when in [
            ("Alpha heron users", now + timedelta(minutes=30)),
            ("Bravo heron users", now - timedelta(days=2)),  # stale in the index
            ("Kilo heron users", now + timedelta(days=2)),
            ("Lima heron users", now + timedelta(days=2, minutes=5)),
            ("Mike heron users", now + timedelta(days=400)),
            ("Zulu heron users", None),
            ("Charlie heron users", None),
        ]:
            UserGroupFactory(name=name, next_meeting=when)
    return now


def order(backend, **query) -> list[str]:
    results = backend.search(SearchQuery(sort="next_meeting", **query))
    return [hit.title.split()[0] for hit in results.hits]


def test_upcoming_first_soonest_first_then_the_rest_by_name(groups):
    expected = ["Alpha", "Kilo", "Lima", "Mike", "Bravo", "Charlie", "Zulu"]
    assert order(ElasticsearchBackend()) == expected
    assert order(EmbeddedBackend()) == expected  # the two backends agree


def test_a_meeting_that_passes_stops_sorting_as_upcoming_at_once(
    groups, django_capture_on_commit_callbacks
):
    # Alpha's meeting is moments away, then passes. The index still holds its date (nothing
    # is refreshed or reindexed in between), yet it then sorts by name among the groups
    # without one.
    soon = timezone.now() + timedelta(seconds=8)
    with django_capture_on_commit_callbacks(execute=True):
        alpha = UserGroup.objects.get(name__startswith="Alpha")
        alpha.next_meeting = soon
        alpha.save()
    assert order(ElasticsearchBackend())[0] == "Alpha"
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.5)
    expected = ["Kilo", "Lima", "Mike", "Alpha", "Bravo", "Charlie", "Zulu"]
    assert order(ElasticsearchBackend()) == expected
    assert order(EmbeddedBackend()) == expected


def test_with_words_typed_the_words_filter_and_still_highlight(groups):
    results = ElasticsearchBackend().search(SearchQuery(text="heron", sort="next_meeting"))
    assert [hit.title.split()[0] for hit in results.hits][:2] == ["Alpha", "Kilo"]
    assert results.total == 7
    assert all("title" in hit.highlights for hit in results.hits)
    nothing = ElasticsearchBackend().search(SearchQuery(text="zebra", sort="next_meeting"))
    assert nothing.total == 0
