"""The email outbox and the idempotency keys, taken over from the register's app with their
tables and rows.

Their content types are renamed rather than created anew, so "Can view outbound email" keeps
every user and group it was granted to; emails already queued as tasks name the task where it
lives now."""

import django.utils.timezone
from django.db import migrations, models

MODELS = ("outboundemail", "idempotencykey")
TASK_PATHS = {"intake.emails.send_email_task": "intake.submissions.emails.send_email_task"}


def content_types_move(apps, schema_editor, *, old="intake", new="submissions", paths=TASK_PATHS):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for before, after in paths.items():
        DBTaskResult.objects.filter(task_path=before).update(task_path=after)


def content_types_move_back(apps, schema_editor):
    content_types_move(
        apps,
        schema_editor,
        old="submissions",
        new="intake",
        paths={after: before for before, after in TASK_PATHS.items()},
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("intake", "0012_outbox_moves_to_submissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboundEmail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("to", models.JSONField(help_text="List of recipient addresses.")),
                        ("subject", models.CharField(max_length=300)),
                        ("body_text", models.TextField()),
                        ("body_html", models.TextField(blank=True)),
                        (
                            "template",
                            models.CharField(help_text="Which email this is.", max_length=100),
                        ),
                        ("headers", models.JSONField(blank=True, default=dict)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("sending", "Sending"),
                                    ("sent", "Sent"),
                                    ("failed", "Gave up"),
                                ],
                                db_index=True,
                                default="queued",
                                max_length=20,
                            ),
                        ),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        (
                            "next_attempt_at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now
                            ),
                        ),
                        ("claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={"db_table": "intake_outboundemail", "ordering": ["created_at", "id"]},
                ),
                migrations.CreateModel(
                    name="IdempotencyKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("scope", models.CharField(max_length=100)),
                        ("key", models.CharField(max_length=255)),
                        ("request_hash", models.CharField(max_length=64)),
                        ("response_status", models.PositiveSmallIntegerField(null=True)),
                        ("response_body", models.JSONField(null=True)),
                        (
                            "created_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                        ),
                    ],
                    options={
                        "db_table": "intake_idempotencykey",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("scope", "key"), name="intake_idempotency_key_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_move, content_types_move_back),
    ]
