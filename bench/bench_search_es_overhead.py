"""Our Elasticsearch search (every facet, one request) against a raw elasticsearch.dsl query
of the same request (the same fields, fuzziness, synonyms, facets, highlighting and sort).
Target: at most 1.2x at the median. Prints the ratio from one run."""

import random

from _search_common import WORDS, elasticsearch, report, setup_django, timed

DOCUMENTS = 500  # noida-db scans every document per match clause; keep the run short
ROUNDS = 60


def raw_search(client, alias, text, filters, synonyms):
    """The same request, written by hand with elasticsearch.dsl: each typed word fuzzy against
    every text field, or any of its synonyms (``synonyms``: word -> alternatives, as words)."""
    from elasticsearch.dsl import A, Q, Search

    fields = {
        "title": 3.0,
        "summary": 2.0,
        "themes_text": 2.0,
        "organisations_text": 1.5,
        "body": 1.0,
    }
    fuzzy = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 50}

    def word(w, options):
        return Q("dis_max", queries=[
            Q("match", **{f: {"query": w, "boost": b, **options}}) for f, b in fields.items()
        ])  # fmt: skip

    must = []
    for typed in text.split():
        alternatives = [word(typed, fuzzy)]
        for alternative in synonyms.get(typed, []):
            parts = [word(w, {}) for w in alternative]
            alternatives.append(parts[0] if len(parts) == 1 else Q("bool", must=parts))
        must.append(
            alternatives[0]
            if len(alternatives) == 1
            else Q("bool", should=alternatives, minimum_should_match=1)
        )
    search = Search(using=client, index=alias).query(Q("bool", must=must))
    terms = {f: Q("terms", **{f: v}) for f, v in filters.items()}
    if terms:
        search = search.post_filter(Q("bool", filter=list(terms.values())))
    for facet in ("theme", "organisation", "membership", "format", "region", "audience"):
        others = [q for name, q in terms.items() if name != facet]
        agg = A("filter", Q("bool", filter=others) if others else Q("match_all"))
        agg.bucket("values", "terms", field=facet, size=1000, min_doc_count=1)
        search.aggs.bucket(f"facet_{facet}", agg)
    search = search.highlight("title", "summary", number_of_fragments=0)
    search = search.sort("_score", "name_sort", "key").extra(track_total_hits=True)[0:20]
    return search.execute()


def main():
    with elasticsearch() as url:
        setup_django(es_url=url)
        from search.backends.elasticsearch import ElasticsearchBackend
        from search.queries import SearchQuery, synonym_map

        # The editors' synonyms as plain data (one-word terms: the bench types single words).
        synonyms = {
            phrase[0]: [list(alt) for alt in alternatives]
            for phrase, alternatives in synonym_map().items()
            if len(phrase) == 1
        }

        rng = random.Random(3)
        backend = ElasticsearchBackend(timeout=60.0)
        documents = []
        for i in range(DOCUMENTS):
            title = " ".join(rng.choice(WORDS) for _ in range(3))
            documents.append({
                "key": f"group:{i}", "kind": "group", "kind_label": "User group", "object_id": i,
                "title": title, "summary": " ".join(rng.choice(WORDS) for _ in range(10)),
                "body": " ".join(rng.choice(WORDS) for _ in range(30)), "themes_text": "",
                "organisations_text": "", "url": f"/groups/{i}/", "name_sort": title,
                "date": None, "next_meeting": None,
                "theme": rng.sample(["gdp", "economy", "housing", "census", "health"], 2),
                "organisation": [rng.choice(["ons", "dwp", "dhsc", "hmrc"])],
                "membership": [rng.choice(["open", "request"])],
                "format": [rng.choice(["online", "hybrid", "in_person"])],
                "region": [rng.choice(["wales", "scotland", "england"])],
                "audience": [rng.choice(["businesses", "journalists"])], "content_hash": "x",
            })  # fmt: skip
        backend.rebuild(documents, total=DOCUMENTS)
        cases = []
        for _ in range(ROUNDS):
            text = " ".join(rng.sample(WORDS, 2))
            filters = {"format": ["online"], "membership": ["open"]} if rng.random() < 0.5 else {}
            cases.append((text, filters))
        # Warm both paths (connections, synonym cache), then interleave.
        for text, filters in cases[:10]:
            backend.search(
                SearchQuery(text=text, filters={k: tuple(v) for k, v in filters.items()})
            )
            raw_search(backend.client, backend.alias, text, filters, synonyms)
        ours, theirs = [], []
        for text, filters in cases:
            query = SearchQuery(text=text, filters={k: tuple(v) for k, v in filters.items()})
            ours.append(timed(backend.search, query))
            theirs.append(timed(raw_search, backend.client, backend.alias, text, filters, synonyms))
        report(
            f"Faceted search, {DOCUMENTS} documents, {ROUNDS} queries: "
            "ours vs raw elasticsearch.dsl",
            ours, theirs, target="<= 1.2x",
        )  # fmt: skip
        backend.drop()


if __name__ == "__main__":
    main()
