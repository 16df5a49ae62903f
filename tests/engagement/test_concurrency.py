"""Parallel engagement requests through real HTTP handling and real database transactions
(PostgreSQL in CI): one record per idempotency key, and unique references even when the random
draws collide."""

import itertools
import json
import threading

from django.db import connection
from django.test import Client

import pytest

from intake.engagement import services
from intake.engagement.models import EngagementRequest
from intake.engagement.references import ALPHABET

PAYLOAD = {
    "organisation": "ons",
    "theme": "housing",
    "statistics": "Rents",
    "kind": "new_data",
    "description": "Twenty requests arrive at once.",
    "name": "Parallel Person",
    "email": "parallel@example.org",
    "consent": True,
}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _parallel_database(settings):
    settings.INTAKE_POST_RATE = "100000/m"
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("SQLite's in-memory test database cannot take parallel writers.")


def _submit_in_parallel(keys: list[str | None]) -> list[tuple[int, dict]]:
    barrier = threading.Barrier(len(keys))
    results, errors, lock = [], [], threading.Lock()

    def worker(key):
        try:
            client = Client()
            barrier.wait(timeout=30)
            headers = {"Idempotency-Key": key} if key else {}
            response = client.post(
                "/api/engagement-requests",
                json.dumps(PAYLOAD),
                content_type="application/json",
                headers=headers,
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


def test_parallel_requests_one_per_key_and_unique_references_when_draws_collide(monkeypatch):
    # One test, so the database is rebuilt once: this is the slow kind of test.
    results = _submit_in_parallel(["one-key"] * 20)
    assert [status for status, _ in results] == [201] * 20
    assert len({body["reference"] for _, body in results}) == 1
    assert EngagementRequest.objects.count() == 1

    # Every request first draws the same reference, so nineteen of them hit the unique
    # constraint at once and must draw again.
    fresh = (f"UEH-B{a}{b}{c}{d}{e}" for a, b, c, d, e in itertools.product(ALPHABET, repeat=5))
    seen = threading.local()
    lock = threading.Lock()

    def draw():
        if not getattr(seen, "drawn", False):
            seen.drawn = True
            return "UEH-SAMEXY"
        with lock:
            return next(fresh)

    monkeypatch.setattr(services, "reference_generate", draw)
    results = _submit_in_parallel([None] * 20)
    assert [status for status, _ in results] == [201] * 20
    references = [body["reference"] for _, body in results]
    assert len(set(references)) == 20
    assert references.count("UEH-SAMEXY") == 1
    assert EngagementRequest.objects.count() == 21
