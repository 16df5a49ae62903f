"""The pages API listing 10 and 100 case studies: the same number of SQL queries for both, and the
time against a raw ORM query of the same fields serialised to JSON by a bare view through the
same middleware. Target: the API at most 3x the raw view's time per request.

    .venv/bin/python bench/bench_api.py [--seconds 2] [--rounds 3]
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_site, get, gunicorn, header, interleaved, request

TARGET = 3.0
FIELDS = "summary,organisation,themes,goals"


def api_path(limit: int) -> str:
    return f"/api/v2/pages/?type=cms.CaseStudyPage&fields={FIELDS}&limit={limit}&order=id"


def raw_path(limit: int) -> str:
    return f"/__bench/raw-case-studies/?limit={limit}"


def query_count(path: str) -> tuple[int, int, int]:
    """(status, items returned, SQL queries) for one GET, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    items = response.json().get("items", []) if response.status_code == 200 else []
    return response.status_code, len(items), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()

    failures = []
    with bench_site(page_cache=False) as site:
        header("Pages API listing: 10 vs 100 case studies, and against raw ORM + JSON", site)
        site.django()
        from bench.content import grow
        from cms.editorial.models import CaseStudyPage

        missing = max(0, 100 - CaseStudyPage.objects.live().count())
        print(f"# adding {missing} case studies: {grow(case_studies=missing)}")

        counts = {}
        for limit in (10, 100):
            for label, path in (
                (f"API {limit}", api_path(limit)),
                (f"raw {limit}", raw_path(limit)),
            ):
                counts[label] = query_count(path)
                status, items, queries = counts[label]
                print(f"{label:<8} status={status} items={items} queries={queries}")
                if status != 200 or items != limit:
                    failures.append(f"{label} answered {status} with {items} items")
        if counts["API 10"][2] != counts["API 100"][2]:
            failures.append("the API runs more queries for 100 pages than for 10")

        with gunicorn(site) as port:
            status, body, _ = request(port, "GET", api_path(10))
            assert status == 200, body[:500]
            assert len(json.loads(body)["items"]) == 10
            runs = {}
            for limit in (10, 100):
                runs[f"API listing {limit}"] = get(api_path(limit))
                runs[f"raw ORM + json {limit}"] = get(raw_path(limit))
            results = interleaved(
                port, runs, rounds=args.rounds, seconds=args.seconds, clients=args.clients
            )
    print()
    for result in results.values():
        print(result.line())
        if result.server_errors() or set(result.statuses) != {200}:
            failures.append(f"{result.label}: statuses {result.statuses}")
    for limit in (10, 100):
        api = results[f"API listing {limit}"]
        raw = results[f"raw ORM + json {limit}"]
        ratio = raw.rps / api.rps  # time per request, API over raw
        verdict = "meets" if ratio <= TARGET else "MISSES"
        print(
            f"time ratio API/raw at {limit}: {ratio:.2f}x  ({verdict} the target of at most "
            f"{TARGET}x; median {api.p50_ms:.1f} ms vs {raw.p50_ms:.1f} ms)"
        )
    print(
        f"queries: API 10 = {counts['API 10'][2]}, API 100 = {counts['API 100'][2]} "
        f"({'same' if counts['API 10'][2] == counts['API 100'][2] else 'DIFFERENT'})"
    )
    if failures:
        print("Failures: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
