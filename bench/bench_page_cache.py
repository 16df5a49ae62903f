"""A cached anonymous page against a bare Django view returning the same bytes through the same
middleware, on one gunicorn sync worker. Target: the cached page at least 0.6x the bare view's
requests per second.

    .venv/bin/python bench/bench_page_cache.py [--seconds 2] [--rounds 3]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_site, get, gunicorn, header, interleaved, request

TARGET = 0.6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--path", default="/", help="the page to cache (default: the home page)")
    args = parser.parse_args()

    with bench_site() as site:
        header("Page cache: cached anonymous page vs bare view (same bytes, same middleware)", site)
        bare_file = site.workdir / "bare-page.html"
        with gunicorn(site, env={"BENCH_BARE_PAGE": str(bare_file)}) as port:
            status, _first, headers = request(port, "GET", args.path)
            assert status == 200, f"{args.path} answered {status}"
            status, cached, headers = request(port, "GET", args.path)
            assert headers.get("X-Page-Cache") == "hit", "the second anonymous GET was not cached"
            bare_file.write_bytes(cached)
            status, bare, _ = request(port, "GET", "/__bench/bare-page/")
            assert status == 200 and bare == cached, "the bare view must return the same bytes"
            print(f"# page {args.path}: {len(cached)} bytes")

            results = interleaved(
                port,
                {
                    "cached page " + args.path: get(args.path),
                    "bare view": get("/__bench/bare-page/"),
                },
                rounds=args.rounds,
                seconds=args.seconds,
                clients=args.clients,
            )
    cached_result, bare_result = results.values()
    for result in results.values():
        print(result.line())
    ratio = cached_result.rps / bare_result.rps
    verdict = "meets" if ratio >= TARGET else "MISSES"
    print(f"ratio cached/bare: {ratio:.2f}x  ({verdict} the target of at least {TARGET}x)")
    errors = cached_result.server_errors() + bare_result.server_errors()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
