"""Index lifecycle: the outbox is written with the change and applied after commit, by id."""

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Page

import pytest

from intake.models import UserGroup
from search.backends.embedded import EmbeddedBackend
from search.indexing import outbox_process
from search.models import IndexedDocument, OutboxEntry
from search.queries import SearchQuery
from tests.search.factories import UserGroupFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


def _indexed_keys() -> set[str]:
    return set(IndexedDocument.objects.values_list("key", flat=True))


def _search(text: str) -> set[str]:
    """Keys found, groups and pages alike (the page shows one kind at a time)."""
    return {
        hit.key
        for show in ("groups", "pages")
        for hit in EmbeddedBackend().search(SearchQuery(text=text, show=show)).hits
    }


def test_approving_a_registration_indexes_it_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        group = UserGroupFactory(name="Quarry statistics forum", status=UserGroup.Status.PENDING)
    # Written in the same transaction as the change, applied only once it commits.
    assert OutboxEntry.objects.filter(kind="group", object_id=group.pk).exists()
    assert callbacks
    for callback in callbacks:
        callback()
    assert f"group:{group.pk}" not in _indexed_keys()  # pending is never indexed

    with django_capture_on_commit_callbacks(execute=True):
        group.status = UserGroup.Status.LISTED
        group.save()
    assert _search("quarry") == {f"group:{group.pk}"}
    assert not OutboxEntry.objects.exists()


def test_a_rolled_back_change_leaves_no_ghost_document(django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        UserGroupFactory(name="Ghost statistics group")
        raise RuntimeError("the registration failed")
    assert not callbacks
    assert not _search("ghost")


@pytest.mark.parametrize("status", ["archived", "rejected", "changes_requested", "pending"])
def test_leaving_the_register_removes_the_group(django_capture_on_commit_callbacks, status):
    with django_capture_on_commit_callbacks(execute=True):
        group = UserGroupFactory(name="Lighthouse data users")
    assert _search("lighthouse") == {f"group:{group.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        group.status = status
        group.save()
    assert not _search("lighthouse")


def test_editing_the_listing_or_its_themes_reindexes_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = UserGroupFactory(name="Harbour users", themes=["housing"])
    with django_capture_on_commit_callbacks(execute=True):
        group.name = "Seaport users"
        group.save()
    assert not _search("harbour")
    assert _search("seaport") == {f"group:{group.pk}"}
    results = EmbeddedBackend().search(SearchQuery(filters={"theme": ("gdp",)}))
    assert results.total == 0
    with django_capture_on_commit_callbacks(execute=True):
        group.themes.add(
            *__import__("themes.models", fromlist=["Theme"]).Theme.objects.filter(slug="gdp")
        )
    results = EmbeddedBackend().search(SearchQuery(filters={"theme": ("economy",)}))
    assert [hit.key for hit in results.hits] == [f"group:{group.pk}"]


def test_deleting_a_group_removes_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = UserGroupFactory(name="Ephemeral statistics club")
    key = f"group:{group.pk}"
    assert key in _indexed_keys()
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert key not in _indexed_keys()


def test_renaming_a_theme_reindexes_its_groups(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = UserGroupFactory(name="Tenancy forum", themes=["housing"])
    with django_capture_on_commit_callbacks(execute=True):
        theme = Theme.objects.get(slug="housing")
        theme.name = "Homes and dwellings"
        theme.save()
    assert _search("dwellings") == {f"group:{group.pk}"}


def _publish_page(parent, title, **fields):
    page = parent.add_child(
        instance=Page(title=title, slug=title.lower().replace(" ", "-"), live=False, **fields)
    )
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk)


def test_pages_follow_publish_unpublish_move_and_delete(django_capture_on_commit_callbacks):
    root = Page.get_first_root_node()
    with django_capture_on_commit_callbacks(execute=True):
        section = _publish_page(root, "Guidance section")
        page = _publish_page(section, "Meteorology engagement tips")
    key = f"page:{page.pk}"
    assert _search("meteorology") == {key}
    assert IndexedDocument.objects.get(key=key).url.endswith("/meteorology-engagement-tips/")

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not _search("meteorology")

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        other = _publish_page(root, "Another section")
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).move(other, pos="last-child")
    assert "/another-section/" in IndexedDocument.objects.get(key=key).url

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).delete()
    assert key not in _indexed_keys()


def test_a_draft_is_never_indexed(django_capture_on_commit_callbacks):
    root = Page.get_first_root_node()
    with django_capture_on_commit_callbacks(execute=True):
        page = root.add_child(
            instance=Page(title="Unreleased zeppelin plans", slug="zeppelin", live=False)
        )
        page.save_revision()
    assert not _search("zeppelin")


def test_failures_wait_with_back_off_and_are_retried(
    django_capture_on_commit_callbacks, monkeypatch
):
    from search.backends import embedded

    def broken(self, documents):
        raise ConnectionError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(embedded.EmbeddedBackend, "index", broken)
        with django_capture_on_commit_callbacks(execute=True):
            group = UserGroupFactory(name="Resilient statistics group")
    entry = OutboxEntry.objects.get(object_id=group.pk)
    assert entry.attempts == 1
    assert "disk full" in entry.last_error
    assert entry.next_attempt_at > entry.enqueued_at
    assert outbox_process() == {"applied": 0, "failed": 0}  # not due yet

    OutboxEntry.objects.update(next_attempt_at=entry.enqueued_at)
    call_command("process_search_outbox", "--once")
    assert _search("resilient") == {f"group:{group.pk}"}
    assert not OutboxEntry.objects.exists()


def test_consistency_reports_drift_and_repairs_it(django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        group = UserGroupFactory(name="Drifting users")
        other = UserGroupFactory(name="Steady users")
    call_command("search_consistency")  # clean: no exception

    IndexedDocument.objects.filter(key=f"group:{group.pk}").delete()
    UserGroup.objects.filter(pk=other.pk).update(name="Renamed quietly")  # no signal
    with pytest.raises(CommandError):
        call_command("search_consistency")
    output = capsys.readouterr().out
    assert f"missing: group:{group.pk}" in output
    assert f"stale: group:{other.pk}" in output

    call_command("search_consistency", "--repair")
    call_command("search_consistency")
    assert _search("renamed") == {f"group:{other.pk}"}


def test_rebuild_replaces_the_index_and_reports_throughput(capsys):
    group = UserGroupFactory(name="Rebuilt users")
    IndexedDocument.objects.all().delete()
    call_command("rebuild_search_index")
    output = capsys.readouterr().out
    assert "documents per second" in output
    assert _search("rebuilt") == {f"group:{group.pk}"}


def test_one_change_to_several_fields_is_applied_once_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    """A save and each many-to-many set enqueue the group; one apply after commit serves all."""
    from django.db import transaction

    from search import indexing

    applied = []
    real_process = indexing.outbox_process

    def counting_process(**kwargs):
        applied.append(kwargs.get("object_ids"))
        return real_process(**kwargs)

    monkeypatch.setattr(indexing, "outbox_process", counting_process)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        group = UserGroupFactory(name="Lighthouse statistics forum")
        group.themes.set(Theme.objects.filter(slug__in=["housing", "economy"]))
    assert len(callbacks) > 1  # enqueued several times...
    # ...applied once (with any ids a rolled-back transaction left waiting in this thread)
    assert len(applied) == 1 and group.pk in applied[0]
    assert f"group:{group.pk}" in _indexed_keys()
    assert not OutboxEntry.objects.filter(kind="group", object_id=group.pk).exists()


def test_a_view_restriction_hides_a_page_and_its_children_at_once(
    django_capture_on_commit_callbacks,
):
    from wagtail.models import PageViewRestriction

    root = Page.get_first_root_node()
    with django_capture_on_commit_callbacks(execute=True):
        section = _publish_page(root, "Otterhound section")
        child = _publish_page(section, "Otterhound breeding notes")
    assert _search("otterhound") == {f"page:{section.pk}", f"page:{child.pk}"}

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert not _search("otterhound"), "neither the page nor the page below it is findable"

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert _search("otterhound") == {f"page:{section.pk}", f"page:{child.pk}"}
