"""The query builder: URL state, parsing, synonyms and the expressions sent to each engine."""

from django.http import QueryDict

from search.analysis import analyse, max_edits
from search.queries import (
    Alternative,
    AnyTerm,
    Clause,
    QueryBuilder,
    SearchQuery,
    no_respelling,
    parse_text,
)

SYNONYMS = {
    ("jobs",): [("labour", "market"), ("employment",)],
    ("cost", "of", "living"): [("inflation",)],
}


def test_the_url_holds_the_whole_state_and_round_trips():
    query = SearchQuery.from_params(
        QueryDict("q=health+data&theme=gdp&theme=economy&format=online&sort=newest&page=3")
    )
    assert query.filters == {"theme": ("economy", "gdp"), "format": ("online",)}
    assert query.sort == "newest" and query.page == 3
    again = SearchQuery.from_params(QueryDict(query.url(page=3)[1:]))
    assert again == query
    assert "page" not in query.url()  # changing anything returns to page 1


def test_groups_are_shown_unless_the_url_asks_for_the_other_pages():
    assert SearchQuery.from_params(QueryDict("q=health")).show == "groups"
    pages = SearchQuery.from_params(QueryDict("q=health&theme=gdp&show=pages"))
    assert pages.show == "pages" and pages.kind == "page"
    assert pages.url() == "?q=health&show=pages&theme=gdp"
    assert pages.url(show="groups") == "?q=health&theme=gdp"
    assert SearchQuery.from_params(QueryDict("show=../etc")).show == "groups"


def test_malformed_values_are_dropped_not_fatal():
    query = SearchQuery.from_params(
        QueryDict("q=%00hi%e2%80%ae&theme=../etc&theme=GDP&sort=nope&page=-3&region=" + "x" * 200)
    )
    assert query.text == "hi"
    assert query.filters == {"theme": ("gdp",)}
    assert query.sort == "relevance" and query.page == 1


def test_parse_applies_the_longest_synonym_and_drops_stop_words():
    clauses = parse_text("the cost of living for jobs", synonyms=SYNONYMS, respell=no_respelling)
    assert clauses == [
        Clause((Alternative(("cost", "living")), Alternative(("inflation",)))),
        Clause(
            (
                Alternative(("jobs",), fuzzy=True),
                Alternative(("labour", "market")),
                Alternative(("employment",)),
            )
        ),
    ]


def test_the_analyser_stems_folds_and_follows_auto_fuzziness():
    assert analyse("Café Employment Statistics of the NHS") == ["cafe", "employ", "statist", "nh"]
    assert [max_edits(t) for t in ("nh", "helth", "statistc")] == [0, 1, 2]


def test_embedded_expressions_match_the_parsed_clauses():
    builder = QueryBuilder(SearchQuery(text="helth jobs"), synonyms=SYNONYMS, respell=no_respelling)

    def expand(term):
        return {"helth": ["health", "heath"]}.get(term, [])

    assert builder.fts5_match(expand) == (
        '(("health" OR "heath" OR "helth") AND ("job" OR ("labour" AND "market") OR "employ"))'
    )
    assert builder.tsquery(expand) == (
        "(('health' | 'heath' | 'helth') & ('job' | ('labour' & 'market') | 'employ'))"
    )


def test_the_elasticsearch_request_carries_every_facet_with_post_filter():
    query = SearchQuery(text="health", filters={"theme": ("gdp",), "format": ("online",)})
    body = (
        QueryBuilder(query, synonyms={}, respell=no_respelling)
        .es_search(__import__("elasticsearch.dsl").dsl.Search())
        .to_dict()
    )
    groups_only = {"term": {"kind": "group"}}  # groups unless asked otherwise
    assert body["post_filter"] == {
        "bool": {
            "filter": [
                {"terms": {"theme": ["gdp"]}},
                {"terms": {"format": ["online"]}},
                groups_only,
            ]
        }
    }
    assert set(body["aggs"]) == {
        f"facet_{f}"
        for f in ("theme", "organisation", "membership", "format", "region", "audience", "kind")
    }
    # A facet's own filter is left out of its counts; the others, and the kind shown, apply.
    assert body["aggs"]["facet_theme"]["filter"] == {
        "bool": {"filter": [{"terms": {"format": ["online"]}}, groups_only]}
    }
    # Each kind is counted with every filter, so the page can offer the other one.
    assert body["aggs"]["facet_kind"]["filter"] == {
        "bool": {"filter": [{"terms": {"theme": ["gdp"]}}, {"terms": {"format": ["online"]}}]}
    }
    assert body["aggs"]["facet_theme"]["aggs"]["values"]["terms"]["size"] >= 1000
    assert body["track_total_hits"] is True


def _respell(word):
    return {"emplyment": ("employ", "unemploy")}.get(word, ())


def test_a_word_the_index_does_not_know_also_matches_the_terms_of_words_spelt_like_it():
    clauses = parse_text("emplyment statistics", synonyms={}, respell=_respell)
    assert clauses == [
        Clause((Alternative(("emplyment",), fuzzy=True), AnyTerm(("employ", "unemploy")))),
        Clause((Alternative(("statistics",), fuzzy=True),)),
    ]
    # Only a single typed word is respelt (as only a single typed word is fuzzy).
    phrase = parse_text("cost of living", synonyms=SYNONYMS, respell=_respell)
    assert not any(isinstance(alt, AnyTerm) for c in phrase for alt in c.alternatives)


def test_respellings_are_sent_as_exact_terms_to_both_engines():
    builder = QueryBuilder(SearchQuery(text="emplyment"), synonyms={}, respell=_respell)
    assert builder.fts5_match(lambda term: []) == '("emplyment" OR ("employ" OR "unemploy"))'
    assert builder.tsquery(lambda term: []) == "('emplyment' | ('employ' | 'unemploy'))"
    assert builder.matched_terms(lambda term: []) == {"emplyment", "employ", "unemploy"}
    query = builder.es_text_query().to_dict()
    respelt = query["bool"]["must"][0]["bool"]["should"][1]["dis_max"]["queries"]
    # ``terms`` does not analyse: "employ" is not stemmed again.
    assert {"terms": {"title": ["employ", "unemploy"], "boost": 3.0}} in respelt
    assert len(respelt) == 5
