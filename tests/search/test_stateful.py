"""Hypothesis stateful test: after any sequence of lifecycle steps, once the outbox drains,
every index holds exactly the listed groups and live pages (with current content)."""

from wagtail.models import Page

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from intake.models import UserGroup
from search.backends import write_backends
from search.indexing import consistency_report, outbox_process
from search.models import OutboxEntry
from tests.generated import examples
from tests.search.factories import UserGroupFactory
from themes.models import Theme

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

STATUSES = [s.value for s in UserGroup.Status]
WORDS = ["otter", "badger", "heron", "statistics", "health", "prices", "census"]


class IndexLifecycle(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.groups: list[int] = []
        self.pages: list[int] = []
        self.counter = 0

    @initialize()
    def clean(self):
        UserGroup.objects.all().delete()
        Page.objects.filter(depth__gt=1, title__startswith="Lifecycle").delete()
        outbox_process()
        for backend in write_backends().values():
            backend.delete(backend.indexed_hashes())

    def _name(self, word):
        self.counter += 1
        return f"{word.title()} group {self.counter}"

    @rule(word=st.sampled_from(WORDS), status=st.sampled_from(STATUSES))
    def register(self, word, status):
        self.groups.append(
            UserGroupFactory(name=self._name(word), status=status, themes=["housing"]).pk
        )

    @precondition(lambda self: self.groups)
    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def moderate(self, data, status):
        group = UserGroup.objects.get(pk=data.draw(st.sampled_from(self.groups)))
        group.status = status  # approve, archive, reject, ask for changes
        group.save()

    @precondition(lambda self: self.groups)
    @rule(
        data=st.data(),
        word=st.sampled_from(WORDS),
        theme=st.sampled_from(["gdp", "housing", "census"]),
    )
    def edit(self, data, word, theme):
        group = UserGroup.objects.get(pk=data.draw(st.sampled_from(self.groups)))
        group.name = self._name(word)
        group.save()
        group.themes.set([Theme.objects.get(slug=theme)])

    @precondition(lambda self: self.groups)
    @rule(data=st.data())
    def delete_group(self, data):
        pk = data.draw(st.sampled_from(self.groups))
        self.groups.remove(pk)
        UserGroup.objects.filter(pk=pk).delete()

    @rule(word=st.sampled_from(WORDS), publish=st.booleans())
    def create_page(self, word, publish):
        root = Page.get_first_root_node()
        self.counter += 1
        page = root.add_child(
            instance=Page(
                title=f"Lifecycle {word} {self.counter}",
                slug=f"lifecycle-{self.counter}",
                live=False,
            )
        )
        if publish:
            page.save_revision().publish()
        self.pages.append(page.pk)

    @precondition(lambda self: self.pages)
    @rule(data=st.data())
    def publish(self, data):
        page = Page.objects.get(pk=data.draw(st.sampled_from(self.pages)))
        page.title = f"{page.title} revised"
        page.save_revision().publish()

    @precondition(lambda self: self.pages)
    @rule(data=st.data())
    def unpublish(self, data):
        page = Page.objects.get(pk=data.draw(st.sampled_from(self.pages)))
        if page.live:
            page.unpublish()

    @precondition(lambda self: self.pages)
    @rule(data=st.data())
    def delete_page(self, data):
        pk = data.draw(st.sampled_from(self.pages))
        self.pages.remove(pk)
        Page.objects.get(pk=pk).delete()

    @rule()
    def drain(self):
        outbox_process()
        assert not OutboxEntry.objects.exists()
        for backend in write_backends().values():
            report = consistency_report(backend)
            assert report == {"missing": [], "extra": [], "stale": []}, backend.name

    @invariant()
    def indexes_never_hold_what_is_not_listed_after_a_drain(self):
        # Between drains the index may lag, but never by more than what the outbox holds.
        pending = set(OutboxEntry.objects.values_list("kind", "object_id"))
        for backend in write_backends().values():
            for key in backend.indexed_hashes():
                kind, _, pk = key.partition(":")
                model_ok = (
                    UserGroup.objects.filter(pk=pk, status="listed").exists()
                    if kind == "group"
                    else Page.objects.filter(pk=pk, live=True).exists()
                )
                assert model_ok or (kind, int(pk)) in pending, key


def test_indexed_ids_equal_listed_ids_after_any_lifecycle(es_settings):
    run_state_machine_as_test(
        IndexLifecycle,
        settings=settings(
            max_examples=examples(ci=10, thorough=20),
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
