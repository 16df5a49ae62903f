"""Export and erasure of one person among 10,000 records (target: each under a second), with the
ratio against a hand-written baseline measured in the same run: the same person's rows read
(export) or deleted and blanked (erasure) with one plain ORM query per table, without the
registry, the scrubbing of copies, the search reindex or the audit record.

    .venv/bin/python bench/bench_personal_data.py [--records 10000] [--rounds 5]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_site, header

TARGET_SECONDS = 1.0
PERSON = "target.person@example.org"


class Rollback(Exception):
    pass


def seed(records: int) -> None:
    """``records`` rows spread over every kind of record that holds personal data, with the
    person in each kind a few times."""
    from django.db import transaction
    from django.utils import timezone

    from cms.editorial.models import Champion, Organisation
    from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
    from intake.models import Membership, UserGroup
    from intake.submissions.models import OutboundEmail
    from themes.models import Theme

    now = timezone.now()
    ons = Organisation.objects.get(slug="ons")
    housing = Theme.objects.get(slug="housing")
    per_kind = records // 6

    def email(n: int) -> str:
        return PERSON if n % 500 == 0 else f"person{n}@example.org"

    with transaction.atomic():
        groups = UserGroup.objects.bulk_create(
            UserGroup(
                name=f"Bench group {n}",
                slug=f"bench-group-{n}",
                summary="A group.",
                description=f"Write to {email(n)}.",
                administering_body=ons,
                membership="open",
                meeting_frequency="quarterly",
                format="online",
                contact_name=f"Contact {n}",
                contact_email=email(n),
                status="listed",
            )
            for n in range(per_kind)
        )
        Membership.objects.bulk_create(
            Membership(
                group=groups[n % len(groups)],
                name=f"Member {n}",
                email=email(n + 1) if n % 500 else PERSON,
                consent_given_at=now,
                privacy_notice_version="2026-01",
                status="active",
            )
            for n in range(per_kind)
        )
        EngagementRequest.objects.bulk_create(
            EngagementRequest(
                reference=f"UEH-{n:06d}",
                organisation=ons,
                theme=housing,
                statistics="Rents",
                kind="new_data",
                description="Please.",
                name=f"Requester {n}",
                email=email(n),
                consent_given_at=now,
            )
            for n in range(per_kind)
        )
        ChampionSignup.objects.bulk_create(
            ChampionSignup(name=f"Signup {n}", email=email(n), role="Analyst", organisation=ons)
            for n in range(per_kind)
        )
        Champion.objects.bulk_create(
            Champion(name=f"Champion {n}", role="Lead", organisation=ons, email=email(n))
            for n in range(per_kind // 2)
        )
        SuccessStory.objects.bulk_create(
            SuccessStory(title=f"Story {n}", name=f"Sender {n}", email=email(n))
            for n in range(per_kind // 2)
        )
        OutboundEmail.objects.bulk_create(
            OutboundEmail(
                to=[email(n)],
                subject="Hello",
                body_text=f"Dear person, about {email(n + 7)}.",
                template="bench",
                status="sent",
            )
            for n in range(per_kind)
        )


def baseline_export() -> int:
    from cms.editorial.models import Champion
    from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
    from intake.models import Membership, UserGroup
    from intake.submissions.models import OutboundEmail

    rows = 0
    for model, field in (
        (EngagementRequest, "email"),
        (SuccessStory, "email"),
        (ChampionSignup, "email"),
        (Champion, "email"),
        (Membership, "email"),
        (UserGroup, "contact_email"),
    ):
        rows += len(list(model.objects.filter(**{field: PERSON}).values()))
    rows += len(list(OutboundEmail.objects.filter(to__icontains=PERSON).values()))
    return rows


def baseline_erase() -> int:
    from cms.editorial.models import Champion
    from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
    from intake.models import Membership, UserGroup
    from intake.submissions.models import OutboundEmail

    rows = 0
    for model in (Champion, Membership):
        rows += model.objects.filter(email=PERSON).delete()[0]
    rows += OutboundEmail.objects.filter(to__icontains=PERSON).delete()[0]
    for model in (EngagementRequest, SuccessStory, ChampionSignup):
        rows += model.objects.filter(email=PERSON).update(name="", email="")
    rows += UserGroup.objects.filter(contact_email=PERSON).update(contact_name="", contact_email="")
    return rows


def ours_export() -> int:
    from intake.privacy import registry as personal_data

    data = personal_data.personal_data_collect(email=PERSON)
    personal_data.personal_data_export_json(data=data)
    personal_data.personal_data_export_csv(data=data)
    return sum(len(rows) for rows in data.values())


def ours_erase() -> int:
    from intake.privacy import registry as personal_data

    return sum(personal_data.personal_data_erase(email=PERSON).values())


def timed(function, *, rollback: bool) -> tuple[float, int]:
    """Run once; an erasure runs in a transaction rolled back afterwards, so every round
    erases the same data."""
    from django.db import transaction

    result = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            result["rows"] = function()
            result["seconds"] = time.perf_counter() - started
            if rollback:
                raise Rollback
    except Rollback:
        pass
    return result["seconds"], result["rows"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with bench_site(demo=False) as site:
        header("Personal data: export and erase one person", site)
        site.django()
        seed(args.records)
        failures = 0
        for label, ours, baseline, rollback in (
            ("export (JSON + CSV)", ours_export, baseline_export, False),
            ("erase", ours_erase, baseline_erase, True),
        ):
            ours_times, base_times = [], []
            ours_rows = base_rows = 0
            for _ in range(args.rounds):  # interleaved, so both see the same machine state
                seconds, ours_rows = timed(ours, rollback=rollback)
                ours_times.append(seconds)
                seconds, base_rows = timed(baseline, rollback=True)
                base_times.append(seconds)
            ours_median, base_median = statistics.median(ours_times), statistics.median(base_times)
            ratio = ours_median / base_median if base_median else float("inf")
            verdict = "OK" if max(ours_times) < TARGET_SECONDS else "TOO SLOW"
            failures += verdict != "OK"
            print(
                f"{label:<20} ours {ours_median * 1000:7.1f} ms (max {max(ours_times) * 1000:.1f}, "
                f"{ours_rows} records)  baseline {base_median * 1000:6.1f} ms ({base_rows} rows)  "
                f"ratio {ratio:4.1f}x  target < {TARGET_SECONDS:.0f} s: {verdict}"
            )
        print(f"{args.records} records in the database, {args.rounds} rounds, median shown.")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
