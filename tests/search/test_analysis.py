"""The search text analysis (search.analysis) is safe to share between a web worker's threads."""

import concurrent.futures
import itertools

from search.analysis import stem


def test_words_are_stemmed_alike_by_threads_working_at_once():
    """A web worker's threads search at once: none corrupts another's stemming."""
    words = [
        "".join(letters) + ending
        for letters in itertools.product("abcdefgh", repeat=3)
        for ending in ("ational", "iveness", "ements", "ically")
    ]
    unstemmed = stem.__wrapped__  # past the cache, so every call does the work
    expected = [unstemmed(word) for word in words]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: [unstemmed(word) for word in words], range(8)))
    assert all(result == expected for result in results)
