"""Fixtures shared by every test package."""

from wagtail.models import Page, Site

import pytest

from cms.editorial.models import HomePage
from tests import generated  # noqa: F401  (loads the Hypothesis profile for every test)


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
