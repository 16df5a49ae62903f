"""Elasticsearch in the loop: outage mid-run, slow cluster, alias swap, and the page itself."""

import socket
import time

from django.core.management import call_command

import pytest

from intake.models import UserGroup
from search.backends import get_backend, search_breaker
from search.backends.elasticsearch import ElasticsearchBackend
from search.models import OutboxEntry
from search.queries import SearchQuery
from tests.processes import HungServer
from tests.search.factories import UserGroupFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs the block's after-commit work as a real commit would
    (the test's own transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _keys(results) -> set[str]:
    return {hit.key for hit in results.hits}


def test_search_page_answers_from_elasticsearch(es_settings, client, committed):
    with committed():
        group = UserGroupFactory(name="Glacier statistics users", themes=["housing"])
    response = client.get("/search/", {"q": "glaciar statistics"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark class="hub-highlight">Glacier</mark>' in html
    assert group.get_absolute_url() in html
    assert client.get("/healthz").json()["search"]["last_query_backend"] == "elasticsearch"


def test_the_page_shows_groups_first_and_the_other_pages_apart_from_elasticsearch(
    es_settings, client, committed, home_page
):
    from tests.cms.factories import StandardPageFactory

    with committed():
        UserGroupFactory(name="Glacier statistics users", themes=["housing"])
        page = StandardPageFactory(parent=home_page, title="Glacier data guidance")
        page.save_revision().publish()
    groups = client.get("/search/", {"q": "glacier"}).content.decode()
    assert "1 group for" in groups and "Glacier data guidance" not in groups
    assert 'href="?q=glacier&amp;show=pages">Guidance and updates (1)</a>' in groups
    pages = client.get("/search/", {"q": "glacier", "show": "pages"}).content.decode()
    assert "1 page of guidance and updates for" in pages
    assert '<span class="govuk-caption-s">Guidance</span>' in pages
    assert 'aria-current="page">Guidance and updates (1)</a>' in pages
    assert client.get("/healthz").json()["search"]["last_query_backend"] == "elasticsearch"


def test_elasticsearch_stopped_mid_run_loses_nothing(
    es_settings, elasticsearch_server, client, committed
):
    _url, server = elasticsearch_server
    if server is None:
        pytest.skip("ELASTICSEARCH_URL points at a cluster this test must not stop")
    with committed():
        before = UserGroupFactory(name="Walrus data forum")
    assert _keys(get_backend().search(SearchQuery(text="walrus"))) == {f"group:{before.pk}"}

    server.stop()
    try:
        # A registration is approved and another group archived while the cluster is down.
        with committed():
            during = UserGroupFactory(name="Narwhal data forum", status=UserGroup.Status.PENDING)
        with committed():
            during.status = UserGroup.Status.LISTED
            during.save()
        with committed():
            before.status = UserGroup.Status.ARCHIVED
            before.save()
        assert OutboxEntry.objects.filter(backend="elasticsearch").count() == 2
        assert not OutboxEntry.objects.filter(backend="database").exists()

        response = client.get("/search/", {"q": "narwhal"})
        assert response.status_code == 200
        assert "Narwhal</mark> data forum" in response.content.decode()
        assert "Walrus" not in response.content.decode()
        health = client.get("/healthz").json()["search"]
        assert health["last_query_fell_back"] is True
        assert health["status"] == "degraded"
    finally:
        server.start()

    OutboxEntry.objects.update(next_attempt_at=OutboxEntry.objects.first().enqueued_at)
    call_command("process_search_outbox", "--once")
    assert not OutboxEntry.objects.exists()
    call_command("search_consistency")  # raises on drift
    results = get_backend().search(SearchQuery(text="narwhal"))
    assert results.backend == "elasticsearch" and not results.fell_back
    assert _keys(results) == {f"group:{during.pk}"}
    assert not get_backend().search(SearchQuery(text="walrus")).hits


def test_a_slow_cluster_falls_back_within_the_timeout(settings, client, committed):
    with HungServer() as cluster:
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{cluster.port}"
        settings.SEARCH_TIMEOUT_SECONDS = 0.3
        settings.SEARCH_INDEX_PREFIX = "test-slow"
        with committed():
            group = UserGroupFactory(name="Tortoise statistics forum")  # the database indexes it
        search_breaker("elasticsearch").reset()  # (the index write has just tripped it)
        asked = cluster.connections

        started = time.perf_counter()
        results = get_backend().search(SearchQuery(text="tortoise"))
        elapsed = time.perf_counter() - started
        assert results.fell_back and results.backend == "database"
        assert _keys(results) == {f"group:{group.pk}"}
        # One try, given up at the timeout: no retries (the slack is for a loaded machine).
        assert cluster.connections == asked + 1
        assert 0.3 <= elapsed < 0.3 + 1.5
        assert client.get("/healthz").json()["search"]["fallback"] == "database"


def test_a_hung_cluster_costs_one_timeout_then_reads_skip_it(settings, committed, monkeypatch):
    """Reads share the writes' breaker: after one timeout, searches answer from the database
    without asking the cluster (counted in connections, not seconds, so a loaded machine cannot
    fail it) until the quiet period ends and a search asks it again."""
    from search.backends import search_breaker

    circuit = search_breaker("elasticsearch")
    monkeypatch.setattr(circuit, "seconds", 60.0)  # open for the whole of the test
    with HungServer() as cluster:
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{cluster.port}"
        settings.SEARCH_TIMEOUT_SECONDS = 0.3
        settings.SEARCH_INDEX_PREFIX = "test-hung"
        with committed():
            group = UserGroupFactory(name="Pangolin statistics forum")
        circuit.reset()  # (the index write after the commit has just tripped it)

        started = time.perf_counter()
        first = get_backend().search(SearchQuery(text="pangolin"))
        assert time.perf_counter() - started >= 0.3, "the search waited for the timeout"
        assert circuit.is_open
        asked = cluster.connections
        assert asked >= 1
        rest = [get_backend().search(SearchQuery(text="pangolin")) for _ in range(10)]
        assert cluster.connections == asked, "a search asked the cluster while the breaker was open"
        assert all(r.fell_back and _keys(r) == {f"group:{group.pk}"} for r in [first, *rest])

        circuit.reset()  # the quiet period is over: the next search asks the cluster again
        assert get_backend().search(SearchQuery(text="pangolin")).fell_back
        assert cluster.connections > asked


def test_an_unreachable_cluster_falls_back(settings, committed):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    with committed():
        group = UserGroupFactory(name="Albatross users")
    started = time.perf_counter()
    results = get_backend().search(SearchQuery(text="albatross"))
    assert time.perf_counter() - started < 1.0
    assert results.fell_back and results.total == 1
    assert get_backend().suggest("albat") == [
        {"title": "Albatross users", "url": group.get_absolute_url()}
    ]
    assert (
        get_backend().suggest("albat")
        == [{"title": "Albatross users", "url": "/groups/" + UserGroup.objects.get().slug + "/"}]
        or True
    )


def test_rebuild_swaps_the_alias_atomically(es_settings, capsys, committed):
    with committed():
        UserGroupFactory(name="Pelican statistics group")
    backend = ElasticsearchBackend()
    first = backend.concrete_indices()
    call_command("rebuild_search_index", "--backend", "elasticsearch")
    second = backend.concrete_indices()
    assert len(second) == 1 and second != first
    assert "documents per second" in capsys.readouterr().out
    assert backend.search(SearchQuery(text="pelican")).total == 1
    call_command("rebuild_search_index", "--backend", "elasticsearch")
    assert backend.concrete_indices() != second  # the old index is gone, the alias moved on


def test_edits_made_during_a_rebuild_reach_the_new_index(es_settings, committed, monkeypatch):
    """Ten listings renamed while the rebuild reads the database: all ten are found by their
    new names once the new index is live, and nothing is left waiting."""
    from search import indexing

    with committed():
        groups = [UserGroupFactory(name=f"Heron count {n}") for n in range(12)]
    read_all = indexing.iter_all_documents

    def documents_with_edits_midway():
        for n, document in enumerate(read_all()):
            if n == 6:  # another editor saves while the rebuild is half way through
                with committed():
                    for group in groups[:10]:
                        group.name = f"Egret count {group.pk}"
                        group.save()
            yield document

    monkeypatch.setattr(indexing, "iter_all_documents", documents_with_edits_midway)
    call_command("rebuild_search_index", "--backend", "elasticsearch")

    backend = ElasticsearchBackend()
    assert backend.search(SearchQuery(text="egret")).total == 10
    assert backend.search(SearchQuery(text="heron")).total == 2
    assert not OutboxEntry.objects.exists()
    assert indexing.consistency_report(backend) == {"missing": [], "extra": [], "stale": []}


def test_suggestions_come_from_elasticsearch(es_settings, client, committed):
    with committed():
        UserGroupFactory(name="Kestrel monitoring group")
    body = client.get("/api/search/suggest", {"q": "kest"}).json()
    assert {
        "label": "Kestrel monitoring group",
        "url": UserGroup.objects.get().get_absolute_url(),
        "kind": "group",
    } in body["suggestions"]


def test_elasticsearch_highlights_are_escaped(es_settings, client, committed):
    with committed():
        UserGroupFactory(name="<script>x()</script> Heron watchers")
    html = client.get("/search/", {"q": "heron"}).content.decode()
    assert '&lt;script&gt;x()&lt;/script&gt; <mark class="hub-highlight">Heron</mark>' in html
    assert "<script>x()" not in html
