"""The coverage-by-theme insights view at 10,000 listed groups, against a naive baseline measured
in the same run: the same figures with plain ORM queries, several per theme (what one would
write first), from ``tests/insights/reference.py``. Both must give the same figures.

Measured in process on the bench database (no HTTP server: the view's own work is what grows
with the register). The admin view is timed through Django's test client, signed in.

    .venv/bin/python bench/bench_insights.py [--groups 10000] [--rounds 5]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_site, header


def seed(groups: int) -> None:
    """``groups`` listed groups on one to three themes and one or two organisations each, with
    requests, answered "you said, we did" entries and search logs in proportion."""
    from django.db import transaction
    from django.utils import timezone

    from cms.editorial.models import Organisation
    from intake.engagement.models import EngagementRequest
    from intake.models import UserGroup
    from search.models import QueryLog
    from themes.models import Theme

    rng = random.Random(15)
    now = timezone.now()
    themes = list(Theme.objects.all())
    # Leave a few themes without groups, so there are gaps to find.
    grouped = [theme for theme in themes if theme.slug not in {"housing", "well-being", "census"}]
    organisations = list(Organisation.objects.all())
    ons = organisations[0]
    started = time.perf_counter()
    with transaction.atomic():
        rows = UserGroup.objects.bulk_create(
            UserGroup(
                name=f"Bench group {n}",
                slug=f"bench-group-{n}",
                summary="A group.",
                description="A group for the benchmark.",
                administering_body=ons,
                membership="open",
                meeting_frequency="quarterly",
                format="online",
                contact_name=f"Contact {n}",
                contact_email=f"contact{n}@example.org",
                status="listed" if n % 10 else "pending",
                last_confirmed_at=now,
            )
            for n in range(groups)
        )
        theme_links = UserGroup.themes.through
        org_links = UserGroup.producing_organisations.through
        theme_links.objects.bulk_create(
            theme_links(usergroup_id=group.id, theme_id=theme.id)
            for group in rows
            for theme in rng.sample(grouped, rng.randint(1, 3))
        )
        org_links.objects.bulk_create(
            org_links(usergroup_id=group.id, organisation_id=org.id)
            for group in rows
            for org in rng.sample(organisations, rng.randint(1, 2))
        )
        EngagementRequest.objects.bulk_create(
            EngagementRequest(
                reference=f"UEH-{n:06d}",
                organisation=rng.choice(organisations),
                theme=rng.choice(themes),
                statistics="Rents",
                kind="new_data",
                description="Please.",
                consent_to_publish=n % 3 == 0,
                status="answered" if n % 3 == 0 else "received",
                answered_at=now if n % 3 == 0 else None,
                public_summary="Asked." if n % 3 == 0 else "",
                public_outcome="Done." if n % 3 == 0 else "",
            )
            for n in range(groups // 5)
        )
        QueryLog.objects.bulk_create(
            QueryLog(
                query=rng.choice(["crime rates", "rents", "jobs", "well-being", "zzqx"]),
                theme=rng.choice(["", "", rng.choice(themes).slug]),
                result_count=rng.choice([0, 0, 3]),
                backend="database",
                duration_ms=2.0,
            )
            for _ in range(groups // 2)
        )
    print(f"seeded {groups:,} groups in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with bench_site(demo=False) as site:
        header(f"Insights: coverage by theme at {args.groups:,} groups", site)
        site.django()
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from cms.insights.filters import InsightsScope
        from cms.insights.selectors import insights_theme_coverage
        from tests.insights.reference import naive_coverage

        seed(args.groups)
        user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)

        def ours():
            return insights_theme_coverage(scope=InsightsScope())

        def view():
            response = client.get("/admin/insights/coverage/")
            assert response.status_code == 200, response.status_code
            return response

        failures = 0
        report = ours()
        naive = naive_coverage()
        keys = ("own_groups", "groups", "requests", "you_said_we_did")
        for row in report.rows:
            expected = naive[row.slug]
            got = {key: getattr(row, key) for key in keys}
            got["organisations"] = row.organisation_count
            want = {key: expected[key] for key in (*keys, "organisations")}
            if got != want:
                failures += 1
                print(f"MISMATCH {row.slug}: ours {got} naive {want}")
        print(f"themes: {len(report.rows)}, gaps: {[gap.slug for gap in report.gaps]}")

        counts = {}
        for label, function in (("selector", ours), ("view", view), ("naive", naive_coverage)):
            with CaptureQueriesContext(connection) as captured:
                function()
            counts[label] = len(captured.captured_queries)

        times = {"selector": [], "view": [], "naive": []}
        for _ in range(args.rounds):  # interleaved, so all see the same machine state
            for label, function in (("selector", ours), ("view", view), ("naive", naive_coverage)):
                started = time.perf_counter()
                function()
                times[label].append(time.perf_counter() - started)
        for label, values in times.items():
            print(
                f"{label:>8}: median {statistics.median(values) * 1000:8.1f} ms"
                f"   min {min(values) * 1000:8.1f} ms   queries {counts[label]}"
            )
        naive_median = statistics.median(times["naive"])
        for label in ("selector", "view"):
            print(f"naive / {label}: {naive_median / statistics.median(times[label]):.1f}x")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
