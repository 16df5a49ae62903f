"""Followers in the personal-data registry (export, erasure) and in the retention plan."""

import datetime as dt

from django.db.models import Q, QuerySet

from intake.alerts.models import Follower
from intake.privacy.purge import past_retention, purge_rule
from intake.privacy.registry import PersonalDataSource, register

KIND = "alert_followers"


def _followers_past_retention(now: dt.datetime) -> QuerySet:
    cutoff = past_retention(KIND, now)
    return Follower.objects.filter(
        Q(status=Follower.Status.UNCONFIRMED, created_at__lt=cutoff)
        | Q(status=Follower.Status.UNSUBSCRIBED, unsubscribed_at__lt=cutoff)
    )


def register_personal_data() -> None:
    register(
        PersonalDataSource(
            key="alert_followers",
            model_label="alerts.Follower",
            label="Alerts: themes and groups followed",
            email_fields=("email",),
            export_fields=(
                "email",
                "frequency",
                "status",
                "consent_given_at",
                "privacy_notice_version",
                "created_at",
                "confirmed_at",
                "unsubscribed_at",
            ),
        )
    )
    purge_rule(
        KIND, label="followers unsubscribed or never confirmed", rows=_followers_past_retention
    )
