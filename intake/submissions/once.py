"""Every HTML form is sent once: a double click or a resubmit stores one record, sends one
email and shows the same confirmation.

Each rendering of a form carries a random submission id (``SUBMISSION_FIELD``, written by
``SpamProtectedFormMixin``). The first POST with an id runs the view inside a transaction that
also records the id (the same table, and the same unique constraint, as the JSON API's
Idempotency-Key); when the view succeeds (a redirect), its destination is stored with the id.
A second POST with the id, even one arriving while the first is still being handled, waits on
that constraint and is sent to the stored destination. A POST that fails (the form shown again
with errors) records nothing, so the corrected form goes through.
"""

import functools
import re
import uuid

from django.db import IntegrityError, transaction
from django.shortcuts import redirect

from intake.submissions import spam
from intake.submissions.models import IdempotencyKey

SUBMISSION_FIELD = "submission"
_VALID = re.compile(r"^[0-9a-f]{32}$")


def submission_id_new() -> str:
    return uuid.uuid4().hex


class _NotStored(Exception):
    """The view did not succeed: undo the record of the id, keep its response."""

    def __init__(self, response):
        self.response = response


def _replay(scope: str, key: str):
    done = IdempotencyKey.objects.filter(scope=scope, key=key, response_status=302).first()
    return redirect(done.response_body["location"]) if done else None


def sent_once(name: str):
    """Decorate a form view (function, or ``dispatch`` with ``method_decorator``)."""
    scope = f"form:{name}"

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            key = request.POST.get(SUBMISSION_FIELD, "") if request.method == "POST" else ""
            # A filled honeypot gets the success page from the view and leaves no record at all.
            if not _VALID.match(key) or spam.honeypot_filled(data=request.POST):
                return view(request, *args, **kwargs)
            # No look-up first: a repeated id fails on the constraint and is replayed there.
            try:
                with transaction.atomic():
                    IdempotencyKey.objects.create(scope=scope, key=key, request_hash="form")
                    response = view(request, *args, **kwargs)
                    if response.status_code not in (301, 302, 303):
                        raise _NotStored(response)
                    IdempotencyKey.objects.filter(scope=scope, key=key).update(
                        response_status=302, response_body={"location": response["Location"]}
                    )
                    return response
            except _NotStored as not_stored:
                return not_stored.response
            except IntegrityError:  # the same submission was handled meanwhile
                return _replay(scope, key) or view(request, *args, **kwargs)

        return wrapper

    return decorator
