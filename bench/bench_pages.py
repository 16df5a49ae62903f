"""Uncached pages on one gunicorn sync worker: requests per second, p50 and p99 for the home page,
the strategy page, the case-study index and a group page, and the SQL queries each page runs with
the demo content and with much more content. Target: at most 10 queries per page at any size.

    .venv/bin/python bench/bench_pages.py [--seconds 3] [--grow 100]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_site, get, gunicorn, header, load

MAX_QUERIES = 10


def page_urls() -> dict[str, str]:
    """The pages to measure, found in the database as a visitor would reach them."""
    from cms.editorial.models import CaseStudyIndexPage, HomePage, StrategyPage
    from intake.models import UserGroup

    urls = {
        "home page": HomePage.objects.live().first().url,
        "strategy page": StrategyPage.objects.live().first().url,
        "case-study index": CaseStudyIndexPage.objects.live().first().url,
    }
    group = UserGroup.objects.filter(status=UserGroup.Status.LISTED).order_by("pk").first()
    if group:
        urls["group page"] = group.get_absolute_url()
    return urls


def query_counts(urls: dict[str, str]) -> dict[str, tuple[int, int]]:
    """(status, number of SQL queries) for each page, rendered in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for label, url in urls.items():
        client.get(url)  # warm per-process caches (site root, settings, theme tree)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[label] = (response.status_code, len(queries))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="load per page and size")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--grow", type=int, default=100, help="case studies and groups to add")
    args = parser.parse_args()

    failures, over = [], []
    with bench_site(page_cache=False) as site:
        header("Uncached pages: one gunicorn sync worker, page cache off", site)
        site.django()
        from bench.content import grow

        sizes = {}
        sizes["demo content"] = None
        sizes[f"+{args.grow} case studies, +{args.grow} groups, +{args.grow // 2} updates"] = {
            "case_studies": args.grow,
            "groups": args.grow,
            "updates": args.grow // 2,
            "champions": args.grow // 4,
        }
        for size, extra in sizes.items():
            if extra:
                print(f"# growing: {grow(**extra)}")
            urls = page_urls()
            counts = query_counts(urls)
            print(f"\n## {size}")
            with gunicorn(site) as port:
                for label, url in urls.items():
                    status, queries = counts[label]
                    result = load(port, label, get(url), clients=args.clients, seconds=args.seconds)
                    flag = "" if queries <= MAX_QUERIES else "   <-- over target"
                    print(f"{result.line()}   queries={queries}{flag}")
                    if flag:
                        over.append(f"{size}: {label} ({queries})")
                    if status != 200 or set(result.statuses) != {200}:
                        failures.append(f"{size}: {label} ({url}) answered {result.statuses}")
    if over:
        print(f"\nOver the target of {MAX_QUERIES} queries: " + "; ".join(over))
    else:
        print(f"\nEvery page runs at most {MAX_QUERIES} queries at both sizes.")
    if failures:
        print("Failing: " + "; ".join(failures))
    # A missed target is a figure to report; a failing page is an error.
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
