"""Parallel submissions through real HTTP handling and real database transactions."""

import json
import threading

from django.db import connection
from django.test import Client

import pytest

from intake.models import UserGroup
from intake.submissions.models import IdempotencyKey

PAYLOAD = {
    "name": "Parallel universe statistics users",
    "summary": "Users of statistics about parallel submissions.",
    "description": "Twenty requests arrive at once.",
    "themes": ["gdp"],
    "producing_organisations": ["ons"],
    "administering_body": "ons",
    "membership": "open",
    "meeting_frequency": "yearly",
    "format": "online",
    "regions": ["united-kingdom"],
    "contact_name": "Concurrency team",
    "contact_email": "parallel@ons.example.gov.uk",
    "consent": True,
}


def _submit_in_parallel(keys: list[str]) -> list[tuple[int, dict]]:
    barrier = threading.Barrier(len(keys))
    results: list[tuple[int, dict]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(key: str):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(
                "/api/groups",
                json.dumps(PAYLOAD),
                content_type="application/json",
                headers={"Idempotency-Key": key},
            )
            with lock:
                results.append((response.status_code, response.json()))
        except BaseException as exc:  # report in the main thread
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.INTAKE_POST_RATE = "100000/m"


@pytest.fixture(autouse=True)
def _parallel_database():
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and ("memory" in name):
        pytest.skip(
            "SQLite's shared in-memory test database locks whole tables and cannot take "
            "parallel writers; this runs on PostgreSQL in CI."
        )


def test_twenty_parallel_submissions_with_one_key_create_one_record():
    results = _submit_in_parallel(["same-key"] * 20)
    assert [status for status, _body in results] == [201] * 20
    assert len({body["id"] for _status, body in results}) == 1
    assert UserGroup.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_twenty_parallel_submissions_with_different_keys_create_twenty():
    results = _submit_in_parallel([f"key-{n}" for n in range(20)])
    assert [status for status, _body in results] == [201] * 20
    assert UserGroup.objects.count() == 20
    assert len(set(UserGroup.objects.values_list("slug", flat=True))) == 20
