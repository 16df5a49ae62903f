"""Search fixtures: an Elasticsearch-compatible server for the whole session (noida-db on a
free loopback port, or ELASTICSEARCH_URL when set), and per-test index isolation."""

import contextlib
import os
import uuid

import pytest

from search.backends import last_search
from tests.processes import NoidaServer


@pytest.fixture(scope="session")
def elasticsearch_server():
    """(url, server or None). A configured ELASTICSEARCH_URL is used as it is."""
    configured = os.environ.get("ELASTICSEARCH_URL")
    if configured:
        yield configured, None
        return
    server = NoidaServer()
    server.start()
    yield server.url, server
    server.cleanup()


@pytest.fixture
def es_settings(settings, elasticsearch_server):
    """Point the app at Elasticsearch with an index alias of its own; drop it afterwards."""
    from search.backends.elasticsearch import ElasticsearchBackend

    url, _server = elasticsearch_server
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    yield settings
    with contextlib.suppress(Exception):  # the test may have stopped the server
        ElasticsearchBackend().drop()


@pytest.fixture(autouse=True)
def _search_state(settings):
    """A fresh health state."""
    last_search.update(backend=None, fell_back=False, error="", at=None)
    yield
