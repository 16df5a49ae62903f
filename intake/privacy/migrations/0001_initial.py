"""The personal-data audit trail, taken over from the engagement app with its table and rows.

Its content type is renamed rather than created anew, so the "Can export and erase a person's
data" permission keeps every user and group it was granted to."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_moves(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="engagement", model="personaldataaction").update(
        app_label="privacy"
    )


def content_type_moves_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="privacy", model="personaldataaction").update(
        app_label="engagement"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("engagement", "0004_personal_data_moves_to_privacy"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PersonalDataAction",
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
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("export", "Exported"),
                                    ("erase", "Erased"),
                                    ("purge", "Purged past retention"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("performed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "summary",
                            models.JSONField(default=dict, help_text="Records affected, by kind."),
                        ),
                        (
                            "performed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "engagement_personaldataaction",
                        "ordering": ["-performed_at", "-id"],
                        "permissions": [
                            ("manage_personal_data", "Can export and erase a person's data")
                        ],
                    },
                )
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_moves, content_type_moves_back),
    ]
