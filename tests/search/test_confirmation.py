"""Listings hidden by the re-confirmation cycle leave both backends, and come back when
confirmed."""

import datetime as dt

import pytest
import time_machine

from intake.confirmation import confirmation_cycle_run
from intake.models import UserGroup
from intake.services import group_confirm_current
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.queries import SearchQuery
from tests.search.factories import UserGroupFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

START = dt.datetime(2026, 1, 10, 10, 0, tzinfo=dt.UTC)


def _keys(backend) -> set[str]:
    return {hit.key for hit in backend.search(SearchQuery(text="weir statistics")).hits}


def test_hidden_listings_leave_both_indexes(es_settings, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            group = UserGroupFactory(name="Weir statistics users")
        key = f"group:{group.pk}"
        backends = [EmbeddedBackend(), ElasticsearchBackend()]
        assert all(_keys(b) == {key} for b in backends)

        clock.move_to(START + dt.timedelta(days=366))
        with django_capture_on_commit_callbacks(execute=True):
            confirmation_cycle_run()
        assert all(_keys(b) == {key} for b in backends), "flagged listings stay searchable"

        clock.move_to(START + dt.timedelta(days=366 + 91))
        with django_capture_on_commit_callbacks(execute=True):
            confirmation_cycle_run()
        assert UserGroup.objects.get(pk=group.pk).status == UserGroup.Status.HIDDEN
        assert [_keys(b) for b in backends] == [set(), set()]

        with django_capture_on_commit_callbacks(execute=True):
            group_confirm_current(group_id=group.pk)
        assert all(_keys(b) == {key} for b in backends)
