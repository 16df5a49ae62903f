import pytest

from tests.cms.factories import (
    CaseStudyIndexPageFactory,
    ChampionsPageFactory,
    UpdateIndexPageFactory,
)


@pytest.fixture
def case_study_index(home_page):
    return CaseStudyIndexPageFactory(parent=home_page, slug="case-studies")


@pytest.fixture
def update_index(home_page):
    return UpdateIndexPageFactory(parent=home_page, slug="updates")


@pytest.fixture
def champions_page(home_page):
    return ChampionsPageFactory(parent=home_page, slug="champions")


@pytest.fixture
def anonymous_client(client):
    """A client whose every request misses the anonymous page cache.

    Query counts must measure the page itself, not a cache hit.
    """
    from django.core.cache import cache

    class FreshClient:
        def get(self, *args, **kwargs):
            cache.clear()
            return client.get(*args, **kwargs)

    return FreshClient()
