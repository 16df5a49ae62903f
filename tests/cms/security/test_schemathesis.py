"""schemathesis against a live server: the API keeps its own OpenAPI contract.

Two phases, each bounded: every operation alone with a few generated examples (no shrinking),
then stateful scenarios that follow the schema's links (a listing's slug to the group and its
join endpoint, a new request's token to its status). Rate limits are raised for the run through
settings only.

On SQLite the server is a thread on the test's own in-memory database; on PostgreSQL it is the
hub under gunicorn on a throwaway database, as the browser suite runs it.
"""

import sys
import time

from django.db import connections
from django.test import override_settings

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
EXAMPLES_PER_OPERATION = 10
SCENARIOS = 60
STEPS_PER_SCENARIO = 5
TIME_LIMIT_SECONDS = 150


def _run_operation(operation, base_url: str, failures: list, calls: list) -> None:
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
        label = f"{operation.method.upper()} {operation.path}"
        try:
            response = case.call(base_url=base_url)
            calls.append(f"{label} {response.status_code}")
            case.validate_response(response, checks=CHECKS)
        except Exception as error:
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")

    run()


def _run_scenarios(schema, base_url: str, failures: list) -> dict:
    """The stateful phase: scenarios of linked calls, every response checked as above."""
    counts = {"scenarios": 0, "steps": 0, "linked": 0, "links": set()}

    class Scenario(schema.as_state_machine()):
        def setup(self):
            counts["scenarios"] += 1

        def step(self, input):
            counts["steps"] += 1
            if input.transition is not None:
                counts["linked"] += 1
                counts["links"].add(f"{input.case.method} {input.case.path}")
            return super().step(input)

        def get_call_kwargs(self, case):
            return {"base_url": base_url}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as error:
                failures.append(f"stateful {case.method} {case.path}: {error}")

    Scenario.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS_PER_SCENARIO,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    return counts


@override_settings(INTAKE_POST_RATE="100000/m", HUB_MANAGE_REQUEST_SECONDS=0)
def test_api_keeps_its_contract(live_hub, capsys):
    hub_server = live_hub.base_url
    schema = schemathesis.openapi.from_url(f"{hub_server}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    started = time.monotonic()
    failures: list[str] = []
    calls: list[str] = []  # "METHOD path status" for every call
    for operation in operations:
        if time.monotonic() - started > TIME_LIMIT_SECONDS:
            break
        _run_operation(operation, hub_server, failures, calls)
    counts = _run_scenarios(schema, hub_server, failures)
    elapsed = time.monotonic() - started
    called = {call.rsplit(" ", 1)[0] for call in calls}
    succeeded = {call.rsplit(" ", 1)[0] for call in calls if call.endswith((" 200", " 201"))}
    with capsys.disabled():  # the run's figures, in every run's output
        sys.stdout.write(
            f"\n{connections['default'].vendor}: {len(called)} operations ({len(succeeded)} "
            f"answered 2xx), {len(calls)} examples; {counts['scenarios']} scenarios, "
            f"{counts['steps']} steps, "
            f"{counts['linked']} by a link ({sorted(counts['links'])}); {len(failures)} "
            f"failures; {elapsed:.0f} s\n"
        )
    # Every operation of the schema was called, several times each, and the schema's examples
    # took the intake endpoints through their success paths.
    assert len(called) == len(operations), sorted(called)
    assert len(calls) >= 2 * len(called), len(calls)
    assert {"POST /api/groups", "POST /api/engagement-requests"} <= succeeded, sorted(succeeded)
    # The scenarios followed the links: a call made with values from an earlier response.
    assert counts["scenarios"] >= SCENARIOS // 2 and counts["linked"] > 0, counts
    distinct = sorted({failure.splitlines()[0][:300] for failure in failures})
    assert distinct == [], "\n".join(distinct)
