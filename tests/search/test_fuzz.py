"""No query string gives a 5xx, on the page or the API; Elasticsearch accepts every query
the builder makes."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends.elasticsearch import ElasticsearchBackend
from search.queries import SearchQuery
from tests.generated import examples
from tests.search.factories import UserGroupFactory

pytestmark = pytest.mark.django_db

KEYS = [
    "q",
    "theme",
    "organisation",
    "membership",
    "format",
    "region",
    "audience",
    "sort",
    "page",
    "days",
    "x",
]
text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
params = st.lists(st.tuples(st.sampled_from(KEYS), text), max_size=6)
FUZZ = settings(
    max_examples=examples(ci=40, thorough=120),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def listed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        UserGroupFactory(name="Fuzzy statistics group", themes=["gdp"])


@FUZZ
@given(pairs=params)
def test_no_query_string_fails_the_page_or_the_api(client, listed, pairs):
    query = urlencode(pairs)
    assert client.get(f"/search/?{query}").status_code == 200
    assert client.get(f"/api/search?{query}").status_code in {200, 400, 422}
    # A NUL anywhere in an API address is refused before the endpoint (400).
    refused = {400} if "%00" in query else set()
    assert client.get(f"/api/search/suggest?{query}").status_code in {200, 422} | refused


@pytest.mark.elasticsearch
@settings(
    max_examples=examples(ci=25, thorough=60),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(pairs=params)
def test_elasticsearch_accepts_every_built_query(es_settings, pairs):
    backend = ElasticsearchBackend(timeout=5.0)
    backend.ensure_index()
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    results = backend.search(SearchQuery.from_params(values))  # raises if the cluster refuses
    assert results.total >= 0
