"""The weekly digest to 10,000 followers, sent by the task the background worker runs
(``alerts_send_task``), with its memory measured at 1,000 and 10,000 followers: bounded memory
means the peak does not grow with the number of followers.

The baseline, measured in the same run, is the outbox alone: the same number of emails queued
with ``email_queue`` in one loop, each with a fixed context, without reading followers or
matching news. The ratio is what choosing each person's news costs on top of sending.

    .venv/bin/python bench/bench_digest.py [--followers 10000] [--small 1000]
"""

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_site, header

NEW_GROUPS = 40
NEW_MEETINGS = 40


def seed(followers: int) -> None:
    """Followers of 1 to 3 random themes (weekly), and a week of news under those themes."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from cms.editorial.models import Organisation
    from intake.alerts.models import Follower
    from intake.meetings.models import Meeting
    from intake.models import UserGroup
    from themes.models import Theme

    rng = random.Random(16)
    now = timezone.now()
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    ons = Organisation.objects.get(slug="ons")
    with transaction.atomic():
        rows = Follower.objects.bulk_create(
            Follower(
                email=f"follower{n}@example.org",
                status=Follower.Status.ACTIVE,
                frequency=Follower.Frequency.WEEKLY,
                consent_given_at=now - timedelta(days=30),
                confirmed_at=now - timedelta(days=30),
                last_sent_at=now - timedelta(days=7),
                privacy_notice_version="bench",
            )
            for n in range(followers)
        )
        Through = Follower.themes.through
        Through.objects.bulk_create(
            Through(follower_id=row.pk, theme_id=theme_id)
            for row in rows
            for theme_id in rng.sample(theme_ids, rng.randint(1, 3))
        )
        groups = UserGroup.objects.bulk_create(
            UserGroup(
                name=f"New bench group {n}",
                slug=f"new-bench-group-{n}",
                summary="A group listed this week.",
                description="Bench.",
                administering_body=ons,
                membership="open",
                meeting_frequency="quarterly",
                format="online",
                contact_name="Bench",
                contact_email=f"contact{n}@example.gov.uk",
                status=UserGroup.Status.LISTED,
                created_at=now - timedelta(days=rng.randint(0, 6), hours=1),
            )
            for n in range(NEW_GROUPS)
        )
        GroupThemes = UserGroup.themes.through
        GroupThemes.objects.bulk_create(
            GroupThemes(usergroup_id=group.pk, theme_id=rng.choice(theme_ids)) for group in groups
        )
        Meeting.objects.bulk_create(
            Meeting(
                group=rng.choice(groups),
                title=f"Bench meeting {n}",
                starts_at=now + timedelta(days=10 + n),
                ends_at=now + timedelta(days=10 + n, hours=2),
                format="online",
                joining_instructions="https://meet.example/bench",
                created_at=now - timedelta(days=rng.randint(0, 6)),
            )
            for n in range(NEW_MEETINGS)
        )


def reset(followers: int) -> None:
    """Every follower last heard a week ago, and the outbox is empty, before each run."""
    from datetime import timedelta

    from django.utils import timezone

    from intake.alerts.models import Follower
    from intake.submissions.models import OutboundEmail

    OutboundEmail.objects.all().delete()
    ids = list(Follower.objects.order_by("pk").values_list("pk", flat=True)[:followers])
    Follower.objects.update(status=Follower.Status.UNSUBSCRIBED)
    Follower.objects.filter(pk__in=ids).update(
        status=Follower.Status.ACTIVE, last_sent_at=timezone.now() - timedelta(days=7)
    )


def ours() -> int:
    from intake.alerts.models import Follower
    from intake.alerts.services import alerts_send_task

    result = alerts_send_task.enqueue(frequency=Follower.Frequency.WEEKLY)
    return result.return_value["emails"]


def baseline(count: int) -> int:
    from django.db import transaction

    from intake.submissions.emails import email_queue

    for start in range(0, count, 500):
        with transaction.atomic():
            for n in range(start, min(start + 500, count)):
                email_queue(
                    to=[f"follower{n}@example.org"],
                    template="alerts/digest",
                    subject="Your weekly digest",
                    context={
                        "sections": [],
                        "weekly": True,
                        "base_url": "",
                        "manage_url": "x",
                        "unsubscribe_url": "x",
                    },
                    headers={"List-Unsubscribe": "<x>"},
                )
    return count


def measure(function, *, memory: bool) -> tuple[float, int, float]:
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    emails = function()
    seconds = time.perf_counter() - started
    peak = 0.0
    if memory:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return seconds, emails, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    args = parser.parse_args()
    with bench_site(demo=False) as site:
        header(f"Weekly digest to {args.followers:,} followers (the task the worker runs)", site)
        site.django()
        seed(args.followers)

        reset(args.followers)
        seconds, emails, _ = measure(ours, memory=False)
        reset(args.followers)
        base_seconds, _, _ = measure(lambda: baseline(emails), memory=False)
        print(
            f"digest:   {args.followers:>6,} followers, {emails:,} emails in {seconds:6.1f} s "
            f"({seconds / max(emails, 1) * 1000:.2f} ms an email)"
        )
        print(
            f"baseline: {emails:>6,} emails queued alone in {base_seconds:6.1f} s; "
            f"digest / baseline = {seconds / base_seconds:.2f}x"
        )

        peaks = {}
        for count in (args.small, args.followers):
            reset(count)
            _seconds, sent, peak = measure(ours, memory=True)
            peaks[count] = peak
            print(f"memory:   {count:>6,} followers, {sent:,} emails, peak {peak:6.1f} MB (traced)")
        ratio = peaks[args.followers] / peaks[args.small]
        print(
            f"peak at {args.followers:,} / peak at {args.small:,} followers = {ratio:.2f}x "
            f"(followers x{args.followers / args.small:.0f}; bounded means near 1x)"
        )
        return 0 if ratio < 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
