"""Circuit breakers: after a dependency fails, stop asking it for a while.

A hung Redis or Elasticsearch costs its timeout on every call; with a breaker, the first call
after a failure pays it and the rest go straight to the fallback until the quiet period ends,
when one call probes again. One breaker per dependency, shared by the process's threads.
Failures are logged once when the breaker opens and once when the dependency is back, not on
every request.
"""

import logging
import threading
import time

logger = logging.getLogger("hub.resilience")


class Breaker:
    """Open for ``seconds`` after a failure; then one caller at a time may probe."""

    def __init__(self, name: str, *, seconds: float):
        self.name = name
        self.seconds = seconds
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._failing = False

    def allows(self) -> bool:
        """Whether to try the dependency now. When the quiet period has just ended, only the
        caller that gets True probes; the others still see the breaker open."""
        if not self._failing:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._open_until:
                return False
            self._open_until = now + self.seconds  # this caller probes; others wait again
            return True

    def failed(self, error: BaseException | str) -> None:
        with self._lock:
            first = not self._failing
            self._failing = True
            self._open_until = time.monotonic() + self.seconds
        if first:
            logger.warning(
                "dependency failing; using the fallback",
                extra={
                    "dependency": self.name,
                    "error": str(error)[:300],
                    "retry_in": self.seconds,
                },
            )

    def succeeded(self) -> None:
        if not self._failing:
            return
        with self._lock:
            was_failing, self._failing, self._open_until = self._failing, False, 0.0
        if was_failing:
            logger.warning("dependency back", extra={"dependency": self.name})

    @property
    def is_open(self) -> bool:
        return self._failing and time.monotonic() < self._open_until

    def seconds_left(self) -> float:
        """How long until the breaker lets a caller probe again (0 when it is closed)."""
        return max(self._open_until - time.monotonic(), 0.0) if self._failing else 0.0

    def reset(self) -> None:
        with self._lock:
            self._failing, self._open_until = False, 0.0


_breakers: dict[str, Breaker] = {}
_registry_lock = threading.Lock()


def breaker(name: str, *, seconds: float = 10.0) -> Breaker:
    """The process's breaker for ``name`` (created on first use)."""
    with _registry_lock:
        if name not in _breakers:
            _breakers[name] = Breaker(name, seconds=seconds)
        return _breakers[name]


def reset_all() -> None:
    """Close every breaker (tests, and after an operator fixed the dependency)."""
    for each in list(_breakers.values()):
        each.reset()
