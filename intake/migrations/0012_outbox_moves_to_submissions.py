"""The email outbox and the idempotency keys belong to the submissions app now; their tables
stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("intake", "0011_next_meeting_derived")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="IdempotencyKey"),
                migrations.DeleteModel(name="OutboundEmail"),
            ],
            database_operations=[],
        )
    ]
