"""Answers that must not tell one case from another by how long they take."""

import contextlib
import logging
import time

logger = logging.getLogger("cms.security.timing")


@contextlib.contextmanager
def constant_duration(*, seconds: float, what: str):
    """Take at least ``seconds``, whatever the work inside did (or did not) do.

    The floor is set well above the slowest ordinary case, so a request for an unknown address
    and one for a contact with several listings answer after the same time.
    """
    started = time.monotonic()
    try:
        yield
    finally:
        elapsed = time.monotonic() - started
        if elapsed < seconds:
            time.sleep(seconds - elapsed)
        else:
            logger.warning(
                "constant-time floor exceeded",
                extra={"what": what, "elapsed": round(elapsed, 3), "floor": seconds},
            )
