"""schemathesis against a live server: the API keeps its own OpenAPI contract.

Bounded: a few generated examples per operation, no shrinking, and a time limit for the whole
run. Rate limits are raised for this run through settings only.
"""

import time

from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread, _StaticFilesHandler

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 5
TIME_LIMIT_SECONDS = 240
CALLS: list[str] = []


def _run_operation(operation, base_url: str, failures: list) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        CALLS.append(f"{operation.method.upper()} {operation.path}")
        try:
            case.call_and_validate(base_url=base_url, checks=CHECKS)
        except Exception as error:
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")

    run()


@pytest.fixture
def hub_server(db):
    """A live HTTP server in a thread, on the test's own database connection.

    Django's ``LiveServerThread`` as ``LiveServerTestCase`` runs it, but sharing the test's
    connection (requests are served one at a time while the test waits), so the run sees the
    reference data and everything it writes is rolled back with the test: no flush, nothing
    left for the tests after it.
    """
    connection = connections["default"]
    if connection.vendor != "sqlite":
        # Django's server threads close the connections they use; only SQLite's in-memory test
        # database ignores that. The contract does not depend on the engine: `make test` runs
        # this on SQLite.
        pytest.skip("the shared-connection live server needs SQLite's in-memory test database")
    connection.inc_thread_sharing()
    thread = LiveServerThread(
        "127.0.0.1", _StaticFilesHandler, connections_override={"default": connection}, port=0
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    connection.dec_thread_sharing()


@override_settings(INTAKE_POST_RATE="100000/m", HUB_MANAGE_REQUEST_SECONDS=0)
def test_api_keeps_its_contract(hub_server):
    schema = schemathesis.openapi.from_url(f"{hub_server}/api/openapi.json")
    started = time.monotonic()
    failures: list[str] = []
    for result in schema.get_all_operations():
        if time.monotonic() - started > TIME_LIMIT_SECONDS:
            break
        _run_operation(result.ok(), hub_server, failures)
    # Every operation of the schema was called (27 today), several times each.
    assert len(set(CALLS)) == len(list(schema.get_all_operations())), sorted(set(CALLS))
    assert len(CALLS) >= 2 * len(set(CALLS)), len(CALLS)
    distinct = sorted({failure.splitlines()[0][:300] for failure in failures})
    assert distinct == [], "\n".join(distinct)
