"""Shared set-up for the search benchmarks (not a benchmark itself: the Makefile runs
bench_*.py only). Each benchmark gets a fresh SQLite database in memory-backed storage and an
Elasticsearch: ELASTICSEARCH_URL when set, otherwise noida-db on a free loopback port."""

import atexit
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "health",
    "statistics",
    "users",
    "forum",
    "labour",
    "market",
    "employment",
    "earnings",
    "inflation",
    "prices",
    "housing",
    "census",
    "population",
    "migration",
    "crime",
    "justice",
    "education",
    "schools",
    "trade",
    "exports",
    "construction",
    "retail",
    "tourism",
    "productivity",
    "output",
    "regional",
    "accounts",
    "wellbeing",
    "finances",
    "pensions",
    "benefits",
    "transport",
    "energy",
    "farming",
    "food",
    "care",
    "hospital",
    "waiting",
    "data",
    "survey",
    "analysis",
    "quarterly",
    "annual",
    "local",
    "national",
    "wales",
    "scotland",
    "england",
    "ireland",
    "london",
    "council",
    "business",
    "industry",
    "services",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def elasticsearch():
    """Yield an Elasticsearch URL for the run."""
    if os.environ.get("ELASTICSEARCH_URL"):
        yield os.environ["ELASTICSEARCH_URL"]
        return
    port = _free_port()
    data_dir = tempfile.mkdtemp(prefix="noida-bench-")
    process = subprocess.Popen(
        [str(files("noida_db").joinpath("noida-db")), "start", "--only", "elasticsearch",
         "--elasticsearch-port", str(port), "--data-dir", data_dir],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url, timeout=0.5)
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


def setup_django(*, es_url: str = "") -> str:
    """A throw-away, migrated database: SQLite in /dev/shm when there is one, or a PostgreSQL
    database of its own when DATABASE_URL points at PostgreSQL. Returns the vendor."""
    from harness import BenchDatabase

    base = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108
    directory = tempfile.mkdtemp(prefix="hub-bench-", dir=base)
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    database = BenchDatabase(Path(directory))
    database.create()
    atexit.register(database.drop)
    os.environ["DATABASE_URL"] = database.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["ELASTICSEARCH_URL"] = es_url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ELASTICSEARCH_URL = es_url
    settings.SEARCH_INDEX_PREFIX = f"bench-{os.getpid()}"
    settings.SEARCH_DRAIN_ON_REQUEST = False
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"({database.vendor} database ready in {time.perf_counter() - started:.1f} s)")
    return database.vendor


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def create_groups(count: int, *, seed: int = 7) -> None:
    """Listed groups with themes, organisations, regions and audiences, via bulk inserts
    (signals are not sent: the benchmarks index explicitly)."""
    from django.utils import timezone

    from cms.editorial.models import Organisation
    from intake.models import Audience, Region, UserGroup
    from themes.models import Theme

    rng = random.Random(seed)
    themes = list(Theme.objects.values_list("pk", flat=True))
    orgs = list(Organisation.objects.values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    audiences = list(Audience.objects.values_list("pk", flat=True))
    now = timezone.now()
    groups = [
        UserGroup(
            name=f"{sentence(rng, 3).title()} group {i}",
            slug=f"bench-group-{i}",
            summary=sentence(rng, 10),
            description=sentence(rng, 40),
            administering_body_id=rng.choice(orgs),
            membership=rng.choice(["open", "request", "invitation"]),
            meeting_frequency="quarterly",
            format=rng.choice(["online", "in_person", "hybrid"]),
            contact_name="Contact",
            contact_email="contact@example.com",
            status="listed",
            created_at=now - timezone.timedelta(days=rng.randint(0, 900)),
            next_meeting=now + timezone.timedelta(days=rng.randint(1, 300))
            if rng.random() < 0.7
            else None,
        )
        for i in range(count)
    ]
    UserGroup.objects.bulk_create(groups, batch_size=1000)
    ids = list(UserGroup.objects.values_list("pk", flat=True))
    for field, choices, k in (
        ("themes", themes, 2),
        ("producing_organisations", orgs, 2),
        ("regions", regions, 2),
        ("audiences", audiences, 2),
    ):
        through = getattr(UserGroup, field).through
        target = next(f.name for f in through._meta.fields if f.name not in {"id", "usergroup"})
        rows = [
            through(usergroup_id=pk, **{f"{target}_id": choice})
            for pk in ids
            for choice in rng.sample(choices, k)
        ]
        through.objects.bulk_create(rows, batch_size=2000)


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(label: str, ours: list[float], theirs: list[float], *, target: str) -> None:
    ours_p50, theirs_p50 = statistics.median(ours), statistics.median(theirs)
    print(f"{label}")
    print(
        f"  ours:     p50 {ours_p50 * 1000:8.2f} ms   p95 {percentile(ours, 0.95) * 1000:8.2f} ms"
    )
    theirs_p95 = percentile(theirs, 0.95)
    print(f"  baseline: p50 {theirs_p50 * 1000:8.2f} ms   p95 {theirs_p95 * 1000:8.2f} ms")
    print(f"  ratio (ours / baseline, median): {ours_p50 / theirs_p50:.2f}x   target: {target}")
