"""The personal-data audit trail belongs to the privacy app now; its table stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("engagement", "0003_submission_references")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PersonalDataAction")],
            database_operations=[],
        )
    ]
