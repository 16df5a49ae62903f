"""Fault-test fixtures."""

from tests.intake.conftest import group_post  # noqa: F401  (a registration as the form posts it)
