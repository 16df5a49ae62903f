"""Writes for following themes and groups: asking (double opt-in), confirming, changing,
unsubscribing, and sending the alert emails in batches.

Alerts are sent by ``send_alerts`` (every few minutes for "as it happens", weekly for the
digest). Each follower has a watermark (``last_sent_at``): an email holds what was published
after it, under what they follow, and the watermark moves on in the same transaction as the
emails are stored, so a crash never sends the same news twice.
"""

import logging
import time
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from django_tasks import task

from cms.editorial.selectors import privacy_notice
from intake.alerts.models import Follower
from intake.alerts.news import KINDS, NewsItem, news_items
from intake.alerts.tokens import confirm_link, manage_link, unsubscribe_link
from intake.models import UserGroup
from intake.privacy.models import PersonalDataAction
from intake.submissions.emails import email_queue
from intake.submissions.tokens import INVALID_LINK, is_uuid, token_read
from themes.models import Theme

logger = logging.getLogger(__name__)

# The longest an alert looks back: a follower who has not heard for longer gets the last week.
LOOKBACK = timedelta(days=7)
BATCH_SIZE = 500
MAX_ITEMS_PER_EMAIL = 50


def _clean_choices(*, theme_ids, group_ids) -> tuple[list[int], list[int]]:
    themes = sorted(set(Theme.objects.filter(pk__in=list(theme_ids)).values_list("pk", flat=True)))
    groups = sorted(
        set(
            UserGroup.objects.filter(
                pk__in=list(group_ids), status=UserGroup.Status.LISTED
            ).values_list("pk", flat=True)
        )
    )
    if not themes and not groups:
        raise ValidationError({"themes": "Select at least one theme or group to follow."})
    return themes, groups


def follow_request(*, email: str, theme_ids, group_ids, frequency: str, consent: bool) -> Follower:
    """Someone asks to follow themes or groups: email a link that confirms the address and
    carries the choices. The same page answers whether or not the address already follows."""
    email = (email or "").strip().lower()
    if not consent:
        raise ValidationError(
            {"consent": "Confirm you agree to us storing these details, as the notice describes."}
        )
    if frequency not in Follower.Frequency.values:
        raise ValidationError({"frequency": "Select how often you want to hear from us."})
    themes, groups = _clean_choices(theme_ids=theme_ids, group_ids=group_ids)
    with transaction.atomic():
        follower, _created = Follower.objects.select_for_update().get_or_create(
            email=email,
            defaults={
                "consent_given_at": timezone.now(),
                "privacy_notice_version": privacy_notice()["version"],
                "frequency": frequency,
            },
        )
        email_queue(
            to=[email],
            template="alerts/confirm",
            subject="Confirm your email address to get alerts",
            context={
                "confirm_url": confirm_link(
                    public_id=follower.public_id,
                    theme_ids=themes,
                    group_ids=groups,
                    frequency=frequency,
                ),
                "themes": list(Theme.objects.filter(pk__in=themes).order_by("name")),
                "groups": list(UserGroup.objects.filter(pk__in=groups).order_by("name")),
                "frequency": Follower.Frequency(frequency).label.lower(),
            },
        )
    logger.info("follow requested", extra={"follower_id": follower.pk})
    return follower


def follower_from_token(purpose: str, token: str, value_key: str | None = None):
    payload = token_read(purpose=purpose, token=token)
    if payload is None:
        return None, None
    public_id = payload.get(value_key) if value_key and isinstance(payload, dict) else payload
    if not is_uuid(public_id):
        return None, None
    return Follower.objects.filter(public_id=public_id).first(), payload


def follow_confirm(*, token: str) -> Follower:
    """Confirm the address and add the choices the link carries."""
    follower, payload = follower_from_token("follow-confirm", token, "f")
    if follower is None:
        raise ValidationError(INVALID_LINK)
    with transaction.atomic():
        follower = Follower.objects.select_for_update().get(pk=follower.pk)
        themes, groups = _clean_choices(
            theme_ids=payload.get("t") or [], group_ids=payload.get("g") or []
        )
        now = timezone.now()
        if follower.status != Follower.Status.ACTIVE:
            follower.status = Follower.Status.ACTIVE
            follower.confirmed_at = now
            follower.unsubscribed_at = None
            # News from before confirming is not sent.
            follower.last_sent_at = now
        if payload.get("q") in Follower.Frequency.values:
            follower.frequency = payload["q"]
        follower.save()
        follower.themes.add(*themes)
        follower.groups.add(*groups)
    logger.info("follow confirmed", extra={"follower_id": follower.pk})
    return follower


def follower_for_manage_token(*, token: str) -> Follower | None:
    follower, _payload = follower_from_token("follow-manage", token)
    if follower is None or follower.status != Follower.Status.ACTIVE:
        return None
    return follower


def follower_for_unsubscribe_token(*, token: str) -> Follower | None:
    follower, _payload = follower_from_token("unsubscribe", token)
    return follower


def follower_update(*, follower_id: int, theme_ids, group_ids, frequency: str) -> Follower:
    """Change what an active follower follows and how often (through the manage link)."""
    if frequency not in Follower.Frequency.values:
        raise ValidationError({"frequency": "Select how often you want to hear from us."})
    themes, groups = _clean_choices(theme_ids=theme_ids, group_ids=group_ids)
    with transaction.atomic():
        follower = Follower.objects.select_for_update().get(pk=follower_id)
        follower.frequency = frequency
        follower.save(update_fields=["frequency"])
        follower.themes.set(themes)
        follower.groups.set(groups)
    return follower


def follower_unsubscribe(*, token: str) -> Follower:
    """Stop every alert to this address. The link always works and doing it twice is fine."""
    follower = follower_for_unsubscribe_token(token=token)
    if follower is None:
        raise ValidationError(INVALID_LINK)
    with transaction.atomic():
        updated = (
            Follower.objects.filter(pk=follower.pk)
            .exclude(status=Follower.Status.UNSUBSCRIBED)
            .update(status=Follower.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
        )
    if updated:
        logger.info("unsubscribed", extra={"follower_id": follower.pk})
    follower.refresh_from_db()
    return follower


# --- Sending ---------------------------------------------------------------------------------


def follower_delete(*, follower_id: int, deleted_by=None) -> bool:
    """An editor deletes a follower (asked by the person, or an address that bounces). Recorded
    in the personal-data audit trail, which never holds the address itself."""
    with transaction.atomic():
        deleted, _ = Follower.objects.filter(pk=follower_id).delete()
        if deleted:
            PersonalDataAction.objects.create(
                action=PersonalDataAction.Action.ERASE,
                performed_by=deleted_by if getattr(deleted_by, "pk", None) else None,
                summary={"alert_followers": 1},
            )
    logger.info("follower deleted", extra={"follower_id": follower_id, "deleted": bool(deleted)})
    return bool(deleted)


def _matches(item: NewsItem, theme_ids: set[int], group_ids: set[int]) -> bool:
    return bool(item.theme_ids & theme_ids) or (
        item.group_id is not None and item.group_id in group_ids
    )


def _choices_for(batch_ids: list[int]) -> tuple[dict, dict]:
    themes, groups = defaultdict(set), defaultdict(set)
    for follower_id, theme_id in Follower.themes.through.objects.filter(
        follower_id__in=batch_ids
    ).values_list("follower_id", "theme_id"):
        themes[follower_id].add(theme_id)
    for follower_id, group_id in Follower.groups.through.objects.filter(
        follower_id__in=batch_ids
    ).values_list("follower_id", "usergroup_id"):
        groups[follower_id].add(group_id)
    return themes, groups


def _alert_email(*, email: str, public_id, items: list[NewsItem], frequency: str) -> None:
    unsubscribe = unsubscribe_link(public_id=public_id)
    sections = [
        {"label": label, "items": [i for i in items if i.kind == kind]}
        for kind, label in KINDS.items()
    ]
    count = len(items)
    subject = (
        f"{count} new item{'s' if count != 1 else ''} under what you follow"
        if frequency == Follower.Frequency.IMMEDIATE
        else f"Your weekly digest: {count} new item{'s' if count != 1 else ''}"
    )
    email_queue(
        to=[email],
        template="alerts/digest",
        subject=subject,
        context={
            "sections": [s for s in sections if s["items"]],
            "base_url": settings.HUB_BASE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe,
            "manage_url": manage_link(public_id=public_id),
            "weekly": frequency == Follower.Frequency.WEEKLY,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def alerts_send(
    *,
    frequency: str,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    progress=None,
) -> dict[str, int]:
    """Send every active follower of this frequency what is new under what they follow.

    Followers are read in batches by id (bounded memory however many there are); the news of
    the look-back window is read once and matched in memory.
    """
    now = now or timezone.now()
    started = time.monotonic()
    items = news_items(since=now - LOOKBACK, until=now, limit=10_000)
    followers = Follower.objects.filter(status=Follower.Status.ACTIVE, frequency=frequency)
    total = followers.count()
    stats = {"followers": 0, "emails": 0}
    last_id = 0
    while True:
        batch = list(
            followers.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "email", "public_id", "last_sent_at", "confirmed_at")[:batch_size]
        )
        if not batch:
            break
        last_id = batch[-1][0]
        themes, groups = _choices_for([row[0] for row in batch])
        with transaction.atomic():
            # Re-read under a row lock (PostgreSQL): two runs at once (two events, or an event
            # and the catch-up) then send each item once, the second seeing the first's time.
            batch = list(
                Follower.objects.select_for_update()
                .filter(pk__in=[row[0] for row in batch], status=Follower.Status.ACTIVE)
                .order_by("pk")
                .values_list("pk", "email", "public_id", "last_sent_at", "confirmed_at")
            )
            for follower_id, email, public_id, last_sent_at, confirmed_at in batch:
                since = max(filter(None, [last_sent_at, confirmed_at, now - LOOKBACK]))
                theirs = [
                    item
                    for item in items
                    if item.published_at > since
                    and _matches(item, themes[follower_id], groups[follower_id])
                ][:MAX_ITEMS_PER_EMAIL]
                if theirs:
                    _alert_email(
                        email=email, public_id=public_id, items=theirs, frequency=frequency
                    )
                    stats["emails"] += 1
            Follower.objects.filter(
                Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=now),
                pk__in=[row[0] for row in batch],
            ).update(last_sent_at=now)  # never moved back by a run that started earlier
        stats["followers"] += len(batch)
        if progress is not None:
            progress(stats["followers"], total)
    logger.info(
        "alerts sent",
        extra={
            "frequency": frequency,
            **stats,
            "items": len(items),
            "seconds": round(time.monotonic() - started, 2),
        },
    )
    return stats


@task()
def alerts_send_task(frequency: str) -> dict[str, int]:
    """Send the alerts on the task worker (in-process by default)."""
    return alerts_send(frequency=frequency)


def alerts_on_news() -> None:
    """Something followers hear about has happened (a group listed, a meeting added, a page
    published): queue the as-it-happens alerts for when the change is committed, so they go
    out now rather than at the next catch-up run of ``send_alerts``."""

    def enqueue():
        try:
            alerts_send_task.enqueue(frequency=Follower.Frequency.IMMEDIATE)
        except Exception:  # the catch-up run sends them; the event itself must not fail
            logger.exception("immediate alerts not queued")

    transaction.on_commit(enqueue)


def alerts_schedule(*, frequency: str) -> None:
    """Hand the sending to the background worker."""
    alerts_send_task.enqueue(frequency=frequency)
