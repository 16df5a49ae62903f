"""Importing the audit: 5,000 generated rows checked (the validation report) and applied, into an
empty register and again into a register that already holds them, with rows per second and SQL
queries per row at each size (target: the same queries per row however large the register), and
the apply's throughput against a hand-written baseline measured in the same run: the same rows
inserted with plain ORM calls (no validation, report, audit record, emails or search outbox).

    .venv/bin/python bench/bench_import.py [--rows 5000]
"""

import argparse
import csv
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_site, header

SYLLABLES = [
    "ab", "ba", "co", "da", "el", "fi", "go", "ha", "im", "jo", "ka", "lu", "mo", "ne", "or",
    "pi", "qu", "ra", "si", "tu", "ul", "vo", "we", "xi", "yo", "zu",
]  # fmt: skip


class Rollback(Exception):
    pass


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5)))


def generate(rows: int, *, seed: int) -> bytes:
    """A file like the template with ``rows`` distinct, valid groups."""
    from intake.imports import COLUMNS

    rng = random.Random(seed)
    themes = ["Housing", "Health and social care", "International trade", "Census", "GDP"]
    orgs = ["ONS", "DfT", "DWP", "HMRC", "Home Office", "DfE"]
    regions = ["England", "Wales", "Scotland", "Northern Ireland", "United Kingdom"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    for n in range(rows):
        # Made-up words, so rows are distinct and rarely look like each other.
        writer.writerow(
            [
                " ".join(_word(rng) for _ in range(3)).capitalize() + " forum",
                " ".join(_word(rng) for _ in range(8)).capitalize() + ".",
                " ".join(_word(rng) for _ in range(20)).capitalize() + ".",
                "; ".join(rng.sample(themes, 2)),
                "; ".join(rng.sample(orgs, 2)),
                rng.choice(orgs),
                rng.choice(["Open to all", "Request to join"]),
                "",
                rng.choice(["Twice a year", "Every three months", "Once a year"]),
                rng.choice(["Online", "In person", "Hybrid"]),
                "; ".join(rng.sample(regions, 2)),
                "Businesses",
                f"https://www.example.gov.uk/{seed}-{n}",
                f"Contact {n}",
                f"contact-{seed}-{n}@example.gov.uk",
                rng.choice(["yes", "no"]),
                "",
            ]
        )
    return out.getvalue().encode()


def measured(action):
    """Run it; its result, seconds and how many SQL statements it ran (counted, not logged)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - started
    return result, seconds, count


def baseline_insert(content: bytes) -> float:
    """The same rows inserted by a hand-written loop with plain ORM calls, rolled back."""
    from django.db import transaction

    from cms.editorial.models import Organisation
    from intake.models import Audience, Region, UserGroup
    from themes.models import Theme

    orgs = {o.abbreviation or o.name: o.pk for o in Organisation.objects.all()}
    orgs.update({o.name: o.pk for o in Organisation.objects.all()})
    themes = {t.name: t.pk for t in Theme.objects.all()}
    regions = {r.name: r.pk for r in Region.objects.all()}
    audiences = {a.name: a.pk for a in Audience.objects.all()}
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    started = time.perf_counter()
    try:
        with transaction.atomic():
            for n, row in enumerate(rows):
                group = UserGroup.objects.create(
                    name=row["Name"],
                    slug=f"baseline-{n}",
                    summary=row["Summary"],
                    description=row["Description"],
                    administering_body_id=orgs[row["Administering body"]],
                    membership="open",
                    meeting_frequency="quarterly",
                    format="online",
                    website=row["Website"],
                    contact_name=row["Contact name"],
                    contact_email=row["Contact email"],
                    status="listed",
                )
                group.themes.set([themes[v] for v in row["Themes"].split("; ")])
                group.producing_organisations.set(
                    [orgs[v] for v in row["Producing organisations"].split("; ")]
                )
                group.regions.set([regions[v] for v in row["Nations and regions"].split("; ")])
                group.audiences.set([audiences[row["Audiences"]]])
            raise Rollback
    except Rollback:
        pass
    return time.perf_counter() - started


def run_import(content: bytes, name: str) -> dict:
    from intake.imports import group_import_apply, group_import_check
    from intake.models import UserGroup

    (batch, report), check_s, check_q = measured(
        lambda: group_import_check(file_name=name, content=content, source="bench")
    )
    if not report.is_valid:
        raise SystemExit(f"the generated file has errors: {report.errors[:3]}")
    register = UserGroup.objects.filter(status="listed").count()
    applied, apply_s, apply_q = measured(lambda: group_import_apply(import_id=batch.pk))
    rows = len(report.rows)
    return {
        "register": register,
        "rows": rows,
        "counts": applied.counts,
        "check_s": check_s,
        "check_q": check_q,
        "apply_s": apply_s,
        "apply_q": apply_q,
        "written": applied.counts["created"] + applied.counts["updated"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()

    with bench_site(demo=False) as site:
        header(f"Audit import: {args.rows:,} generated rows", site)
        site.django()
        first, second = generate(args.rows, seed=1), generate(args.rows, seed=2)
        baseline_s = baseline_insert(first)
        results = [
            ("empty register", run_import(first, "first.csv")),
            ("register grown", run_import(second, "second.csv")),
            ("same file again", run_import(second, "second.csv")),
        ]
        failures = 0
        per_row = []
        for label, r in results:
            rows = r["rows"]
            written = max(r["written"], 1)
            print(
                f"{label:<16} register {r['register']:>6,}  "
                f"check {rows / r['check_s']:7,.0f} rows/s ({r['check_q']} queries in all)  "
                f"apply {rows / r['apply_s']:6,.0f} rows/s "
                f"({r['apply_q'] / written:5.1f} queries per row written)  "
                f"created {r['counts']['created']:,} skipped {r['counts']['skipped']:,}"
            )
            if r["written"]:
                per_row.append(r["apply_q"] / written)
        first_result = results[0][1]
        ratio = (first_result["rows"] / first_result["apply_s"]) / (args.rows / baseline_s)
        print(
            f"baseline plain ORM insert {args.rows / baseline_s:,.0f} rows/s; "
            f"apply into the empty register {ratio:.2f}x the baseline"
        )
        # Checking reads the register in a fixed number of queries (more only when rows match
        # listings, whose current values are read in one go); applying costs the same per row.
        check_grows = results[0][1]["check_q"] != results[1][1]["check_q"]
        same = len({round(q, 1) for q in per_row}) == 1 and not check_grows
        print(
            "queries constant as the register grows: "
            + (
                "OK"
                if same
                else f"NO (per row {per_row}, checks {[r['check_q'] for _l, r in results]})"
            )
        )
        failures += not same
        if results[2][1]["counts"]["created"] or results[2][1]["counts"]["updated"]:
            print("the same file applied twice changed listings: FAIL")
            failures += 1
        return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
