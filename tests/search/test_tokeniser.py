"""One tokeniser for both backends: the Python twin gives, word for word, the terms
Elasticsearch's ``hub_text`` analyser gives (asked through ``_analyze`` on a real index)."""

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import analyse, engine_token, words
from search.backends.elasticsearch import ElasticsearchBackend

pytestmark = pytest.mark.elasticsearch

TEXTS = [
    # Apostrophes, straight and curly, inside and at the end of words.
    "Children's services",
    "children\u2019s services",
    "childrens children",
    "O'Neill and O\u2019Brien",
    "the users' forum",
    "rock \u02bcn\u02bc roll",
    # Hyphens and slashes split words.
    "well-being wellbeing",
    "CPIH-based measures",
    "2021/22 and 2021-22",
    "A&E waiting times",
    # Digits with points and commas stay whole, and so do dotted names.
    "GDP grew 3.5% to £1,000.50 bn",
    "version 2.0 of 3.5.1",
    "www.ons.gov.uk e.g. U.K.",
    "3..5 a.1 1.a",
    # Letters of every script are words.
    "إحصاءات السكان",
    "Ελληνική στατιστική",
    "Привет статистика",
    "統計データ",
    "ひらがな カタカナ",
    "한국어 통계",
    "ไทยสถิติ",
    "हिन्दी भाषा",
    # Latin letters fold to ASCII.
    "Café Économie naïve naïve straße Søren Łódź Æther œuvre ﬁle",
    # Punctuation only, and stop words.
    '* - (( )) " !',
    "the and of NOT",
]


@pytest.fixture(scope="module")
def analyse_in_elasticsearch(elasticsearch_server):
    url, _server = elasticsearch_server
    backend = ElasticsearchBackend(url, timeout=5.0, alias=f"test-tokens-{uuid.uuid4().hex[:8]}")
    backend.ensure_index()

    def run(text: str) -> list[str]:
        body = backend.client.indices.analyze(index=backend.alias, analyzer="hub_text", text=text)
        return [token["token"] for token in body["tokens"]]

    yield run
    backend.drop()


@pytest.mark.parametrize("text", TEXTS)
def test_python_twin_gives_the_terms_elasticsearch_gives(analyse_in_elasticsearch, text):
    assert analyse(text) == analyse_in_elasticsearch(text)


def test_the_contract_word_by_word():
    assert words("Children's children\u2019s childrens") == ["childrens"] * 3
    assert analyse("Children's") == analyse("childrens") == ["children"]
    assert words("O'Neill") == ["oneill"]
    assert words("well-being") == ["well", "being"]
    assert words("3.5% of £1,000 in v2.0") == ["3.5", "of", "1,000", "in", "v2.0"]
    assert words("إحصاءات") == ["إحصاءات"]
    assert words("統計") == ["統", "計"]
    assert words("Café straße") == ["cafe", "strasse"]
    assert words("* - ((") == []


@pytest.mark.parametrize("term", ["3.5", "1,000", "إحصاءات", "統", "x_y", "cafe"])
def test_engine_tokens_are_single_plain_tokens(term):
    token = engine_token(term)
    assert token.isascii() and token.isalnum()
    assert token == term if term.isascii() and term.isalnum() else token != term


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 2_.,;:'-/\"x9Z?!&%#\n", max_size=16))
def test_the_ascii_path_draws_the_same_word_boundaries(text):
    from search.analysis import _unicode_tokens, _without_apostrophes, raw_tokens

    assert raw_tokens(text) == _unicode_tokens(*_without_apostrophes(text))
