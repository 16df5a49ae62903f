"""Removing personal data past its retention period (``manage.py purge_personal_data``)."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from intake.engagement.models import (
    ChampionSignup,
    EngagementRequest,
    PersonalDataAction,
    SuccessStory,
)
from intake.engagement.retention import retention_days
from intake.models import GroupImport, Membership, OutboundEmail, UserGroup


def _cutoff(kind: str, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=retention_days(kind))


def _join_requests(now) -> QuerySet:
    """Requests to join that never became memberships, and people who left."""
    cutoff = _cutoff("join_requests", now)
    return Membership.objects.filter(
        Q(status=Membership.Status.UNCONFIRMED, created_at__lt=cutoff)
        | Q(status=Membership.Status.DECLINED, decided_at__lt=cutoff)
        | Q(status=Membership.Status.LEFT, left_at__lt=cutoff)
    )


def _archived_group_memberships(now) -> QuerySet:
    # A group has no archived_at; archiving saves it, so updated_at is when it was archived.
    cutoff = _cutoff("archived_group_memberships", now)
    return Membership.objects.filter(
        group__status=UserGroup.Status.ARCHIVED, group__updated_at__lt=cutoff
    )


def _engagement_requests(now) -> QuerySet:
    return EngagementRequest.objects.filter(
        status=EngagementRequest.Status.CLOSED,
        closed_at__lt=_cutoff("engagement_requests", now),
        personal_data_removed_at__isnull=True,
    )


def _champion_signups(now) -> QuerySet:
    return ChampionSignup.objects.filter(
        status__in=[ChampionSignup.Status.APPROVED, ChampionSignup.Status.REJECTED],
        decided_at__lt=_cutoff("champion_signups", now),
    ).exclude(email="")


def _success_stories(now) -> QuerySet:
    return SuccessStory.objects.filter(
        created_at__lt=_cutoff("success_stories", now), personal_data_removed_at__isnull=True
    )


def _email_outbox(now) -> QuerySet:
    return OutboundEmail.objects.filter(
        status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED],
        created_at__lt=_cutoff("email_outbox", now),
    )


def _unconfirmed_listings(now) -> QuerySet:
    return UserGroup.objects.filter(
        status=UserGroup.Status.HIDDEN, hidden_at__lt=_cutoff("unconfirmed_listings", now)
    )


def _unapplied_imports(now) -> QuerySet:
    return GroupImport.objects.filter(
        status=GroupImport.Status.CHECKED, uploaded_at__lt=_cutoff("unapplied_imports", now)
    )


# kind: (what is removed, rows past retention, how: None deletes, a dict anonymises)
PLAN = {
    "join_requests": ("join requests and memberships ended", _join_requests, None),
    "archived_group_memberships": (
        "memberships of archived groups",
        _archived_group_memberships,
        None,
    ),
    "engagement_requests": (
        "requesters' details on closed engagement requests",
        _engagement_requests,
        lambda now: {
            "name": "",
            "email": "",
            "requester_organisation": "",
            "description": "",
            "personal_data_removed_at": now,
        },
    ),
    "champion_signups": (
        "details on decided champion sign-ups",
        _champion_signups,
        lambda now: {"name": "", "email": "", "role": "", "bio": ""},
    ),
    "success_stories": (
        "senders' details on success stories",
        _success_stories,
        lambda now: {"name": "", "email": "", "personal_data_removed_at": now},
    ),
    "email_outbox": ("sent emails", _email_outbox, None),
    "unconfirmed_listings": (
        "contacts of listings hidden because nobody confirmed them (the listings are archived)",
        _unconfirmed_listings,
        lambda now: {
            "contact_name": "",
            "contact_email": "",
            "contact_email_public": False,
            "status": UserGroup.Status.ARCHIVED,
        },
    ),
    "unapplied_imports": ("audit files checked but never applied", _unapplied_imports, None),
}


def personal_data_purge(*, dry_run: bool = False, now: dt.datetime | None = None) -> dict:
    """Remove what is past its retention period. Returns ``{kind: {"label", "count"}}``."""
    now = now or timezone.now()
    report = {}
    with transaction.atomic():
        for kind, (label, rows, anonymise) in PLAN.items():
            queryset = rows(now)
            ids = list(queryset.values_list("pk", flat=True))
            if ids and not dry_run:
                targets = queryset.model._default_manager.filter(pk__in=ids)
                if anonymise is None:
                    targets.delete()
                else:
                    targets.update(**anonymise(now))
            report[kind] = {"label": label, "count": len(ids)}
        if not dry_run:
            PersonalDataAction.objects.create(
                action=PersonalDataAction.Action.PURGE,
                summary={kind: item["count"] for kind, item in report.items()},
            )
    return report
