"""Idempotency keys for the JSON endpoints: the same key twice creates one record.

The key row is inserted in the same transaction as the record it guards. A concurrent request
with the same key waits on the unique constraint and then replays the stored response, so the
guarantee holds across processes and workers.
"""

import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction

from intake.submissions.models import IdempotencyKey

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_VALID_KEY = re.compile(KEY_PATTERN)
# How the header is described in the OpenAPI schema; a malformed key is refused with a 400.
KEY_SCHEMA = {
    "description": (
        "1 to 255 printable ASCII characters, no spaces (a malformed key is refused with a 400)."
        " Send the same key again to get the first answer again, not a second record."
    ),
    "example": "register-2026-0001",
}


class _Failed(Exception):
    def __init__(self, status: int, body: dict):
        self.status, self.body = status, body


def request_fingerprint(payload) -> str:
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode("utf-8", "surrogatepass")
    ).hexdigest()


def run_idempotently(
    *, key: str | None, scope: str, payload, handler: Callable[[], tuple[int, dict]]
) -> tuple[int, dict, bool]:
    """Run ``handler`` once per (scope, key). Returns (status, body, replayed).

    Failed requests (status 400 and above) are not stored, so the client can fix the input and
    send it again with the same key.
    """
    if key is None:
        status, body = handler()
        return status, body, False
    if not _VALID_KEY.match(key):
        return (
            400,
            {"detail": "Send an Idempotency-Key of 1 to 255 visible characters, like a UUID."},
            False,
        )
    fingerprint = request_fingerprint(payload)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(
                        scope=scope, key=key, request_hash=fingerprint
                    )
            except IntegrityError:
                record = None
            if record is not None:
                status, body = handler()
                if status >= 400:
                    raise _Failed(status, body)
                record.response_status = status
                record.response_body = body
                record.save(update_fields=["response_status", "response_body"])
                return status, body, False
    except _Failed as failed:
        return failed.status, failed.body, False
    existing = IdempotencyKey.objects.filter(scope=scope, key=key).first()
    if existing is None or existing.response_status is None:
        return 409, {"detail": "A request with this key is still being handled. Try again."}, False
    if existing.request_hash != fingerprint:
        return (
            422,
            {"detail": "This Idempotency-Key was used for a different request. Use a new key."},
            False,
        )
    return existing.response_status, existing.response_body, True
