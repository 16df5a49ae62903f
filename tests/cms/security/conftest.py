"""A live hub over real HTTP for the security tests that must go through a real server.

On SQLite the server is a thread on the test's own in-memory database; on PostgreSQL it is the
hub under gunicorn on a throwaway database, as the browser suite runs it.
``LiveHub.run_django`` runs Django code against whichever database the server reads.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

import pytest

from tests.processes import ThrowawayDatabase, free_port, gunicorn, manage, wait_until_up


@dataclass(frozen=True)
class LiveHub:
    base_url: str
    run_django: Callable[[str], None]


def _thread_server():
    """A live HTTP server in a thread, on the test's own database connection.

    Django's ``LiveServerThread`` as ``LiveServerTestCase`` runs it, but sharing the test's
    connection (requests are served one at a time while the test waits), so the run sees the
    reference data and everything it writes is rolled back with the test: no flush, nothing
    left for the tests after it. Only SQLite's in-memory test database survives the server
    thread closing the connections it used.
    """
    connection = connections["default"]
    connection.inc_thread_sharing()
    thread = LiveServerThread(
        "127.0.0.1", _StaticFilesHandler, connections_override={"default": connection}, port=0
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield LiveHub(
            f"http://127.0.0.1:{thread.port}",
            run_django=lambda code: exec(code, {}),  # noqa: S102 (the test's own code)
        )
    finally:
        thread.terminate()
        connection.dec_thread_sharing()


def _process_server(workdir):
    """The hub under gunicorn on a freshly migrated throwaway database (dropped after)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database = ThrowawayDatabase(workdir, "contract")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.cms.security.contract_server_settings",
        "DATABASE_URL": database.url,
        "HUB_CONTRACT_BASE_URL": base_url,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("ELASTICSEARCH_URL", None)
    log_path = workdir / "server.log"
    server = None
    try:
        manage(env, "migrate", "--noinput", "--verbosity=0")
        server = gunicorn(port, env=env, log_path=log_path, workers=1, threads=2).start()
        if not wait_until_up(f"{base_url}/api/openapi.json", seconds=60, process=server.process):
            pytest.fail(f"The hub server did not answer; see {log_path}")
        yield LiveHub(base_url, run_django=lambda code: manage(env, "shell", "-c", code))
    finally:
        if server is not None:
            server.stop()
        database.drop()


@pytest.fixture
def live_hub(request, tmp_path):
    if connections["default"].vendor == "sqlite":
        request.getfixturevalue("db")
        yield from _thread_server()
    else:
        yield from _process_server(tmp_path)
