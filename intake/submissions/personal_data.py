"""The copies of personal data every submission leaves behind, in the hub's registry and its
purge: the emails the hub sent and the stored answers that make a form or a JSON request count
once."""

from django.db.models import QuerySet

from intake.privacy.purge import past_retention, purge_rule
from intake.privacy.registry import PersonalDataSource, register
from intake.submissions.models import OutboundEmail


def _email_outbox(now) -> QuerySet:
    return OutboundEmail.objects.filter(
        status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED],
        created_at__lt=past_retention("email_outbox", now),
    )


def register_personal_data() -> None:
    register(
        PersonalDataSource(
            key="emails",
            model_label="submissions.OutboundEmail",
            label="Emails the hub sent to the person or that mention them",
            export_fields=("subject", "template", "status", "created_at", "sent_at"),
            delete_if_mentioned_in=("to",),
            scrub_fields=("subject", "body_text", "body_html", "last_error"),
            scrub_rows_naming_them=True,
        )
    )
    register(
        PersonalDataSource(
            key="idempotency_records",
            model_label="submissions.IdempotencyKey",
            label="Stored answers to the person's form submissions",
            export_fields=("scope", "created_at"),
            delete_if_mentioned_in=("response_body",),
        )
    )
    purge_rule("email_outbox", label="sent emails", rows=_email_outbox)
