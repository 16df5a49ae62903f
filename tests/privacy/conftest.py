"""Fixtures for the personal-data tests."""

import pytest

from tests.engagement.conftest import editor  # noqa: F401  (an editor, as the hub team works)


@pytest.fixture
def data_officer(editor):  # noqa: F811  (the fixture imported above)
    """An editor who may also export and erase personal data."""
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="manage_personal_data"))
    return editor
