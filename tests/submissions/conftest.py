"""Fixtures for the tests of what every form shares. The register's forms are the ones they
post, so its answers and its editor are borrowed from the register's tests."""

from tests.intake.conftest import editor, group_post, join_post, join_post_for_group  # noqa: F401
