"""Fixtures shared by every test package."""

import sqlite3

from wagtail.models import Page, Site

import pytest

from cms.editorial.models import HomePage
from tests import generated  # noqa: F401  (loads the Hypothesis profile for every test)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database as pytest-django migrated it, and a copy of it on disk taken before
    any test runs (SQLite only): the servers the browser and fault tests start begin from that
    copy instead of migrating a database of their own, each migration costing about 20 s."""
    from django.db import connections

    connection = connections["default"]
    snapshot = tmp_path_factory.getbasetemp() / "migrated.sqlite3"
    snapshot.unlink(missing_ok=True)
    # Only when this run set up the in-memory test database (a run of non-database tests
    # alone sets up none, and the configured database is never copied).
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with django_db_blocker.unblock():
            connection.ensure_connection()
            if "django_migrations" in connection.introspection.table_names():
                target = sqlite3.connect(snapshot)
                try:
                    connection.connection.backup(target)
                finally:
                    target.close()
    yield


@pytest.fixture(scope="session")
def migrated_database(django_db_setup, tmp_path_factory):
    """A freshly migrated SQLite database file to copy, or None (PostgreSQL, or no test
    database in this run): a server's own database then migrates from nothing."""
    snapshot = tmp_path_factory.getbasetemp() / "migrated.sqlite3"
    return snapshot if snapshot.exists() else None


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's root HomePage (created by a data migration, or here if missing)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="USER hub", slug="hub-home"))
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters, cached pages and open circuit breakers must not leak between
    tests."""
    from django.core.cache import cache

    from cms.resilience import reset_all

    cache.clear()
    reset_all()
    yield
    cache.clear()
    reset_all()
