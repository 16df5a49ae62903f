"""Redis as an accelerator, never a single point of failure.

Django's Redis cache with short socket timeouts and a breaker: when Redis refuses, hangs or
errs, every cache call answers as a cache that holds nothing (reads miss, writes are dropped,
``incr`` says the key is missing, as Django's caches do), so pages are built afresh and rate
limits fail open (``RATELIMIT_FAIL_OPEN``). Only the first call after a failure waits for the
timeout; the rest skip Redis until the breaker probes again.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from redis.exceptions import RedisError

from cms.resilience import breaker

FAILURES = (RedisError, OSError)
DEFAULT_OPTIONS = {"socket_timeout": 0.25, "socket_connect_timeout": 0.25}


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        retry = float(params["OPTIONS"].pop("retry_after", 5.0))
        super().__init__(server, params)
        self.breaker = breaker(f"cache:{server}", seconds=retry)

    def _guard(self, call, fallback, /, *args, **kwargs):
        if not self.breaker.allows():
            return fallback() if callable(fallback) else fallback
        try:
            result = call(*args, **kwargs)
        except FAILURES as exc:
            self.breaker.failed(exc)
            return fallback() if callable(fallback) else fallback
        self.breaker.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().add, False, key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._guard(super().get, default, key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set, None, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().touch, False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._guard(super().delete, False, key, version=version)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, dict, keys, version=version)

    def has_key(self, key, version=None):
        return self._guard(super().has_key, False, key, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        found = self._guard(super().incr, missing, key, delta=delta, version=version)
        if found is missing:
            raise ValueError(f"Key '{key}' not found")  # what a cache that holds nothing says
        return found

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            super().set_many, lambda: list(data), data, timeout=timeout, version=version
        )

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, None, keys, version=version)

    def clear(self):
        return self._guard(super().clear, False)
