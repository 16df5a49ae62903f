"""Followers in the personal-data registry (export, erasure) and in the retention plan."""

import datetime as dt

from django.db.models import Q, QuerySet

from intake.alerts.models import Follower
from intake.engagement import purge, retention
from intake.engagement.personal_data import PersonalDataSource, register

KIND = "alert_followers"


def _followers_past_retention(now: dt.datetime) -> QuerySet:
    cutoff = now - dt.timedelta(days=retention.retention_days(KIND))
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
    retention._AFTER.setdefault(KIND, "after you unsubscribe, or if you never confirm your address")
    purge.PLAN.setdefault(
        KIND, ("followers unsubscribed or never confirmed", _followers_past_retention, None)
    )
