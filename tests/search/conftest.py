"""Search fixtures: an Elasticsearch-compatible server for the whole session (noida-db on a
free loopback port, or ELASTICSEARCH_URL when set), and per-test index isolation."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
from importlib.resources import files

import pytest

from search.backends import last_search


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=0.5) as response:  # noqa: S310
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.05)
    return False


class NoidaServer:
    """A noida-db Elasticsearch on a loopback port; stop() and start() keep the data."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = tempfile.mkdtemp(prefix="noida-search-")
        self.process = None

    def start(self):
        # The server binary itself (the `noida-db` console script would run it as a child
        # that a signal to the script does not reach), in its own process group.
        binary = files("noida_db").joinpath("noida-db")
        self.process = subprocess.Popen(  # noqa: S603
            [str(binary), "start", "--only", "elasticsearch", "--elasticsearch-port",
             str(self.port), "--data-dir", self.data_dir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        if not _wait_until_up(self.url, seconds=20):
            self.stop()
            raise RuntimeError("noida-db did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


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
    """No draining after test-client requests unless a test asks; fresh health state."""
    settings.SEARCH_DRAIN_ON_REQUEST = False
    last_search.update(backend=None, fell_back=False, error="", at=None)
    yield
