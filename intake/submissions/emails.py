"""The outbox. Emails are rendered and stored inside the caller's transaction, then sent after it
commits; failures are retried with back-off by ``manage.py send_queued_emails``.

A failing mail server therefore never loses a submission and never blocks one for long.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from cms.background import retry_on_worker, runs_in_process
from cms.resilience import breaker
from intake.submissions.models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def mail_breaker():
    """After a send fails, nobody in this process tries for ``MAIL_CIRCUIT_SECONDS``: the web
    process leaves emails queued for send_queued_emails, the worker queues them for later, so
    a hung mail server costs one request (or one task) its timeout, not every one."""
    return breaker("mail", seconds=settings.MAIL_CIRCUIT_SECONDS)


# A claim older than this belongs to a worker that died mid-send.
_STALE_CLAIM = timedelta(minutes=10)


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... times ``EMAIL_RETRY_SECONDS`` (a minute), at most six hours."""
    base = settings.EMAIL_RETRY_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 60 * 60))


def email_queue(
    *,
    to: list[str],
    template: str,
    subject: str,
    context: dict,
    headers: dict[str, str] | None = None,
) -> int:
    """Render ``emails/<template>.txt`` and ``.html``, store the email and send it after commit.

    Call inside the service's transaction: if it rolls back, no email is stored or sent.
    """
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "manage_request_url": settings.HUB_BASE_URL.rstrip("/") + reverse("intake:manage_request"),
        **context,
        "subject": subject,
    }
    email = OutboundEmail.objects.create(
        to=[address for address in to if address],
        subject=subject,
        body_text=render_to_string(f"emails/{template}.txt", context),
        body_html=render_to_string(f"emails/{template}.html", context),
        template=template,
        headers=headers or {},
    )
    email_id = email.id
    transaction.on_commit(lambda: _dispatch(email_id))
    return email_id


@task()
def send_email_task(email_id: int) -> bool:
    """Send one stored email; runs in-process by default, on a task worker at scale, where a
    failed attempt is queued again for its next attempt (see ``email_send``)."""
    waiting = mail_breaker().seconds_left()
    if waiting:  # the mail server failed moments ago: try when the breaker allows a probe
        retry_on_worker(
            send_email_task, at=timezone.now() + timedelta(seconds=waiting), email_id=email_id
        )
        return False
    return email_send(email_id=email_id)


def _dispatch(email_id: int) -> None:
    if mail_breaker().is_open and runs_in_process():
        return  # the mail server failed moments ago: send_queued_emails sends it later
    try:
        send_email_task.enqueue(email_id=email_id)
    except Exception:  # the task queue is down: send_queued_emails picks it up later
        logger.exception("email task not queued", extra={"email_id": email_id})


def _claim(*, email_id: int, now) -> bool:
    """Mark the email as being sent, unless another worker already has it. The conditional
    update is atomic on every database, so two workers never send the same email."""
    claimable = Q(status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=now - _STALE_CLAIM
    )
    return bool(
        OutboundEmail.objects.filter(claimable, pk=email_id).update(
            status=OutboundEmail.Status.SENDING, claimed_at=now
        )
    )


def email_send(*, email_id: int) -> bool:
    """Try to send one stored email now. Returns True when it was sent."""
    now = timezone.now()
    if not _claim(email_id=email_id, now=now):
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        headers=email.headers or None,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # any transport error: keep the email and retry later
        mail_breaker().failed(exc)
        attempts = email.attempts + 1
        gave_up = attempts >= MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmail.Status.FAILED if gave_up else OutboundEmail.Status.QUEUED,
            attempts=attempts,
            next_attempt_at=now + _backoff(attempts),
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
            claimed_at=None,
        )
        if not gave_up:
            retry_on_worker(send_email_task, at=now + _backoff(attempts), email_id=email_id)
        logger.warning(
            "email not sent",
            extra={
                "email_id": email_id,
                "template": email.template,
                "attempts": attempts,
                "gave_up": gave_up,
                "error": exc.__class__.__name__,
            },
        )
        return False
    mail_breaker().succeeded()
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmail.Status.SENT,
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        last_error="",
        claimed_at=None,
    )
    return True


def email_send_due(*, limit: int = 100) -> dict[str, int]:
    """Send every queued email whose next attempt is due. Returns how many were sent/failed."""
    now = timezone.now()
    due = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:limit]
    )
    stale = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.SENDING, claimed_at__lt=now - _STALE_CLAIM
        ).values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for email_id in [*due, *stale]:
        if email_send(email_id=email_id):
            sent += 1
        else:
            failed += 1
    return {"sent": sent, "failed": failed}


def email_resend(*, email_ids: list[int] | None = None) -> int:
    """Put emails the outbox gave up on back in the queue, due now, with their attempts reset,
    and send them after commit. ``None`` means every one given up. Returns how many."""
    failed = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED)
    if email_ids is not None:
        failed = failed.filter(pk__in=email_ids)
    with transaction.atomic():
        ids = list(failed.select_for_update().values_list("pk", flat=True))
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=OutboundEmail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        for email_id in ids:
            transaction.on_commit(lambda email_id=email_id: _dispatch(email_id))
    if ids:
        logger.info("emails queued again", extra={"count": len(ids), "email_ids": ids[:50]})
    return len(ids)
