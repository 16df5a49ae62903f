"""Redis refusing, hanging or coming back: the hub keeps serving, quickly, and stores what
people send (rate limits fail open while their store is down)."""

import time

from django.core import mail
from django.core.cache import cache
from django.test import override_settings

import pytest

from cms.cache_backends import FailSoftRedisCache
from intake.models import UserGroup
from tests.processes import HungServer, free_port

# The machine's shared Redis, on a database number no other test uses.
SHARED_REDIS = "redis://127.0.0.1:6379/11"


def redis_cache(url: str, **options) -> FailSoftRedisCache:
    return FailSoftRedisCache(url, {"OPTIONS": {"retry_after": 0.5, **options}})


def cache_settings(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "cms.cache_backends.FailSoftRedisCache",
            "LOCATION": url,
            "OPTIONS": {"retry_after": 5.0},
        }
    }


def test_a_refusing_redis_answers_as_an_empty_cache():
    store = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    assert store.get("anything", "fallback") == "fallback"
    assert store.set("key", "value") is None
    assert store.add("key", "value") is False
    assert store.get_many(["a", "b"]) == {}
    assert store.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert store.has_key("key") is False
    assert store.delete("key") is False
    with pytest.raises(ValueError, match="not found"):
        store.incr("counter")
    assert store.breaker.is_open


def test_a_hung_redis_costs_one_timeout_then_nothing_until_the_probe():
    with HungServer() as hung:
        store = redis_cache(f"redis://127.0.0.1:{hung.port}/0", socket_timeout=0.2)
        started = time.perf_counter()
        assert store.get("key") is None
        first = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(50):
            assert store.get("key") is None
        rest = time.perf_counter() - started
    assert first < 1.0, "the socket timeouts bound the first call"
    assert rest < first, "while the breaker is open, calls skip Redis"
    assert store.breaker.is_open


def test_the_cache_works_again_when_redis_is_back():
    store = redis_cache(SHARED_REDIS)
    store.breaker.failed("pretend outage")
    assert store.get("key", "skipped") == "skipped", "open: Redis is not asked"
    time.sleep(0.6)  # the breaker's quiet period (retry_after) is over: one call probes
    store.set("fault-test-key", "value", timeout=30)
    assert not store.breaker.is_open
    assert store.get("fault-test-key") == "value"
    counter = f"fault-test-counter-{time.time_ns()}"
    assert store.add(counter, 1, timeout=30) is True
    assert store.incr(counter) == 2
    store.delete_many(["fault-test-key", counter])


@pytest.mark.django_db
def test_pages_search_and_registrations_work_with_redis_refusing(
    client, group_post, django_capture_on_commit_callbacks
):
    with (
        override_settings(CACHES=cache_settings(f"redis://127.0.0.1:{free_port()}/0")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert client.get("/").status_code == 200
        search = client.get("/search/", {"q": "statistics"})
        assert search.status_code == 200
        response = client.post("/groups/register/", group_post)
        assert response.status_code == 302, "the rate limit fails open"
        assert client.get(response["Location"]).status_code == 200
    assert UserGroup.objects.filter(name=group_post["name"]).count() == 1
    sent_to = {address.lower() for message in mail.outbox for address in message.to}
    assert group_post["contact_email"].lower() in sent_to


@pytest.mark.django_db
def test_pages_answer_promptly_with_redis_hung(client):
    with (
        HungServer() as hung,
        override_settings(CACHES=cache_settings(f"redis://127.0.0.1:{hung.port}/0")),
    ):
        started = time.perf_counter()
        statuses = [client.get(path).status_code for path in ("/", "/search/", "/", "/healthz")]
        elapsed = time.perf_counter() - started
        asked = hung.connections
    assert statuses[:3] == [200, 200, 200]
    # The first call pays the short timeout; the breaker answers the rest without Redis.
    assert asked <= 2, f"Redis was asked {asked} times in four requests"
    assert elapsed < 10.0, f"four requests took {elapsed:.1f} s"
    cache.clear()
