"""The migrations describe the models as they are: a change to a model without its migration
would leave an existing database behind the code."""

import io

from django.core.management import call_command

import pytest


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail("Models changed without a migration:\n" + out.getvalue())
