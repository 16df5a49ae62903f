"""The hub in its production shape, broken on purpose while real clients use it.

gunicorn with several workers on the production settings, the database the run points at (a
SQLite file, or a PostgreSQL database of its own when ``DATABASE_URL`` names PostgreSQL), a Redis,
noida-db for Elasticsearch, a real SMTP server and ``db_worker`` (TASKS_BACKEND=database), each a
process of the test's own. Each test hangs (SIGSTOP: connections are accepted, never answered) or
stops one dependency while clients post registrations and search, then counts what they were
answered, what was stored and what was delivered once the dependency is back: no 5xx, nothing
lost, every email exactly once, and the search index equal to the database.
"""

import concurrent.futures
import itertools
import json
import logging
import os
import statistics
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import pytest

from tests.intake.test_api import api_group
from tests.processes import (
    NoidaServer,
    RedisServer,
    ServerProcess,
    ThrowawayDatabase,
    free_port,
    gunicorn,
    manage,
    wait_for_port,
    wait_until_up,
)

logger = logging.getLogger(__name__)
CLIENTS = 8
# An editor approves the oldest registrations waiting (their contacts' emails taken as verified).
APPROVE = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from intake.models import UserGroup
from intake.services import group_approve

editor = get_user_model().objects.get(username="faults-editor")
waiting = UserGroup.objects.filter(status="pending", contact_email__startswith="faults-")
groups = list(waiting.order_by("pk")[:{count}])
UserGroup.objects.filter(pk__in=[g.pk for g in groups]).update(email_verified_at=timezone.now())
for group in groups:
    group_approve(group_id=group.pk, decided_by=editor)
print("|".join(group.name for group in groups))
"""
WORKERS = 3
_numbers = itertools.count()


@dataclass
class Answer:
    path: str
    status: int  # 0: no answer at all (refused, reset or timed out)
    seconds: float
    body: bytes = b""


@dataclass
class ProductionHub:
    base_url: str
    env: dict
    database: ThrowawayDatabase
    redis: RedisServer
    elasticsearch: NoidaServer
    smtp: ServerProcess
    inbox: Path
    workdir: Path
    web: ServerProcess
    worker: ServerProcess
    posted: list[str] = field(default_factory=list)

    # --- Clients ---------------------------------------------------------------------------
    def call(self, method: str, path: str, payload: dict | None = None, timeout=15) -> Answer:
        body = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(  # noqa: S310 (loopback)
            self.base_url + path,
            data=body,
            method=method,
            headers={"Content-Type": "application/json"} if body else {},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return Answer(path, response.status, time.perf_counter() - started, response.read())
        except urllib.error.HTTPError as error:
            return Answer(path, error.code, time.perf_counter() - started, error.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return Answer(path, 0, time.perf_counter() - started)

    def registration(self) -> dict:
        number = next(_numbers)
        email = f"faults-{os.getpid()}-{number}@example.gov.uk"
        self.posted.append(email)
        name = f"Fault tolerant statistics forum {number}"
        return {**api_group(), "name": name, "contact_email": email}

    def traffic(self, *, registrations: int, searches: int, pages: int = 0) -> list[Answer]:
        """Real clients side by side: registrations posted, searches and pages read."""
        jobs = [("POST", "/api/groups", self.registration()) for _ in range(registrations)]
        queries = itertools.cycle(["trade", "housing statistics", "labour market", "census"])
        jobs += [
            ("GET", f"/search/?q={next(queries).replace(' ', '+')}", None) for _ in range(searches)
        ]
        jobs += [("GET", "/", None) for _ in range(pages)]
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            return list(pool.map(lambda job: self.call(*job), jobs))

    def health(self) -> tuple[Answer, dict]:
        answer = self.call("GET", "/healthz", timeout=10)
        return answer, json.loads(answer.body or b"{}")

    # --- What happened ---------------------------------------------------------------------
    def stored(self) -> set[str]:
        rows = self.database.query(
            "SELECT contact_email FROM intake_usergroup WHERE contact_email LIKE 'faults-%'"
        )
        return {email for (email,) in rows}

    def delivered(self) -> list[tuple[str, str]]:
        """(recipient, subject) of every message the SMTP server accepted, repeats included."""
        messages = []
        for path in self.inbox.glob("*.eml"):
            message = message_from_bytes(path.read_bytes())
            for address in message.get("To", "").split(","):
                messages.append((address.strip(), str(message.get("Subject", ""))))
        return messages

    def wait_for(self, condition, *, seconds: float, what: str):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if outcome := condition():
                return outcome
            time.sleep(0.25)
        pytest.fail(f"Not within {seconds} s: {what}")

    def all_emails_delivered_once(self, seconds: float = 90) -> None:
        """Every stored email was delivered, none twice, and every contact who registered got
        theirs: nothing waits in the outbox."""

        def done():
            waiting = self.database.query(
                "SELECT COUNT(*) FROM intake_outboundemail WHERE status <> 'sent'"
            )[0][0]
            contacts = {address for address, _subject in self.delivered()}
            return not waiting and set(self.posted) <= contacts

        self.wait_for(done, seconds=seconds, what="every email delivered")
        delivered = self.delivered()
        repeated = {m for m in delivered if delivered.count(m) > 1}
        assert not repeated, f"delivered more than once: {sorted(repeated)[:5]}"
        stored = self.database.query("SELECT COUNT(*) FROM intake_outboundemail")[0][0]
        assert len(delivered) == stored, "each stored email sent exactly once"

    def index_matches_database(self, seconds: float = 90) -> None:
        def clean():
            pending = self.database.query("SELECT COUNT(*) FROM hub_search_outboxentry")[0][0]
            if pending:
                return False
            try:
                manage(self.env, "search_consistency")  # exits non-zero on any drift
            except RuntimeError:
                return False
            return True

        self.wait_for(clean, seconds=seconds, what="the search index equal to the database")

    def approve(self, count: int) -> list[str]:
        """Editors approve the oldest waiting registrations (a search-index change each)."""
        result = manage(self.env, "shell", "--no-imports", "-c", APPROVE.format(count=count))
        return [name for name in result.stdout.strip().splitlines()[-1].split("|") if name]


def _statuses(answers: list[Answer]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for answer in answers:
        counts[answer.status] = counts.get(answer.status, 0) + 1
    return counts


def _median(answers: list[Answer], path: str) -> float:
    return statistics.median(a.seconds for a in answers if a.path.startswith(path))


def _not_waiting_for(dependency: str, timeout: float, fault, baseline, path: str) -> None:
    """Requests during the fault take about as long as before it, not the dependency's
    timeout longer: compared with the same requests a moment earlier, so a loaded machine
    slows both alike (the timeouts are set long enough to tell the two apart)."""
    during, before = _median(fault, path), _median(baseline, path)
    assert during < before + timeout / 2, (
        f"{path} waited for {dependency}: median {during:.2f} s against {before:.2f} s before"
    )


def _served(answers: list[Answer]) -> None:
    """Every request got an answer and none was a server error."""
    bad = [(a.path, a.status) for a in answers if a.status == 0 or a.status >= 500]
    assert not bad, f"{len(bad)} of {len(answers)} requests failed: {bad[:5]}"


@pytest.fixture(scope="module")
def hub(tmp_path_factory, migrated_database) -> ProductionHub:
    workdir = tmp_path_factory.mktemp("production-shape")
    inbox = workdir / "inbox"
    # From the migrated copy the deploy's migrate below has nothing left to apply.
    database = ThrowawayDatabase(workdir, "faults", template=migrated_database)
    redis = RedisServer().start()
    elasticsearch = NoidaServer().start()
    smtp_port = free_port()
    smtp = ServerProcess(
        [sys.executable, "-m", "tests.faults.smtp_sink", str(smtp_port), str(inbox)],
        log_path=workdir / "smtp.log",
    ).start()
    assert wait_for_port(smtp_port, seconds=20), "the SMTP server did not start"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
        "SECRET_KEY": "fault-tests-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database.url,
        "REDIS_URL": redis.url,
        "CACHE_TIMEOUT_SECONDS": "0.25",
        "ELASTICSEARCH_URL": elasticsearch.url,
        "SEARCH_INDEX_PREFIX": f"faults-{os.getpid()}",
        "SEARCH_TIMEOUT_SECONDS": "3",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT_SECONDS": "5",
        "MAIL_CIRCUIT_SECONDS": "2",
        "EMAIL_RETRY_SECONDS": "1",
        "DEFAULT_FROM_EMAIL": "USER hub <no-reply@userhub.example>",
        "HUB_BASE_URL": base_url,
        "TASKS_BACKEND": "database",
        "HUB_FAULTS_STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    # One Django start-up for the set-up, as an operator's deploy runs it.
    manage(
        env,
        "shell",
        "-c",
        "from django.core.management import call_command;"
        "from django.contrib.auth import get_user_model;"
        "call_command('migrate', interactive=False, verbosity=0);"
        "call_command('collectstatic', interactive=False, verbosity=0);"
        "call_command('rebuild_search_index', verbosity=0);"
        "get_user_model().objects.create_superuser('faults-editor', 'editor@userhub.example', 'x')",
    )
    web = gunicorn(port, env=env, log_path=workdir / "web.log", workers=WORKERS, threads=2).start()
    worker = ServerProcess(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        env=env,
        log_path=workdir / "worker.log",
    ).start()
    try:
        assert wait_until_up(f"{base_url}/healthz", seconds=60, process=web.process), (
            workdir / "web.log"
        ).read_text()[-3000:]
        yield ProductionHub(
            base_url=base_url,
            env=env,
            database=database,
            redis=redis,
            elasticsearch=elasticsearch,
            smtp=smtp,
            inbox=inbox,
            workdir=workdir,
            web=web,
            worker=worker,
        )
    finally:
        for process in (worker, web, smtp, redis):
            process.stop()
        elasticsearch.cleanup()
        database.drop()


@pytest.fixture
def hub_is_healthy(hub):
    """Each test starts with every dependency up, and leaves it so."""
    for dependency in (hub.redis, hub.smtp, hub.elasticsearch):
        dependency.resume()
    yield hub
    for dependency in (hub.redis, hub.smtp, hub.elasticsearch):
        dependency.resume()
        if not dependency.running:
            dependency.start()


def test_a_healthy_hub_serves_a_burst_and_delivers_every_email_once(hub_is_healthy):
    hub = hub_is_healthy
    answers = hub.traffic(registrations=12, searches=12, pages=4)
    _served(answers)
    assert _statuses([a for a in answers if a.path == "/api/groups"]) == {201: 12}
    assert set(hub.posted) <= hub.stored()
    hub.all_emails_delivered_once()
    answer, report = hub.health()
    assert answer.status == 200 and report["status"] == "ok", report


@pytest.mark.parametrize("fault", ["stopped", "hung"])
def test_without_redis_every_page_search_and_registration_is_served(hub_is_healthy, fault):
    hub = hub_is_healthy
    baseline = hub.traffic(registrations=4, searches=4, pages=4)
    hub.redis.stop() if fault == "stopped" else hub.redis.hang()
    answers = hub.traffic(registrations=8, searches=8, pages=8)
    answer, report = hub.health()
    _served(answers)
    assert set(hub.posted) <= hub.stored(), "a registration was lost"
    for path in ("/api/groups", "/search/", "/"):
        _not_waiting_for("Redis", 2, answers, baseline, path)
    assert answer.status == 200, answer
    assert report["cache"]["status"] == "degraded", report
    assert report["cache"]["ms"] < 2000, "the health check waited for Redis"
    hub.redis.resume()
    if not hub.redis.running:
        hub.redis.start()
    hub.all_emails_delivered_once()


def test_a_hung_then_refusing_mail_server_loses_no_email_and_keeps_posts_quick(hub_is_healthy):
    hub = hub_is_healthy
    baseline = hub.traffic(registrations=4, searches=2)
    hub.all_emails_delivered_once()
    first_during_outage = len(hub.posted)
    hub.smtp.hang()
    hung = hub.traffic(registrations=8, searches=4)
    answer, report = hub.health()
    hub.smtp.stop()
    refused = hub.traffic(registrations=4, searches=2)
    _served(hung + refused)
    timeout = float(hub.env["EMAIL_TIMEOUT_SECONDS"])
    _not_waiting_for("the mail server", timeout, hung + refused, baseline, "/api/groups")
    assert answer.status == 200 and report["mail"]["status"] == "degraded", report
    assert report["mail"]["ms"] < 2000, "the health check waited for the mail server"
    assert set(hub.posted) <= hub.stored()
    during_outage = set(hub.posted[first_during_outage:])
    assert not {a for a, _s in hub.delivered()} & during_outage, "delivered while it was down?"
    hub.smtp.start()
    assert wait_for_port(int(hub.env["EMAIL_PORT"]), seconds=20)
    # No operator step: the worker retries on its own once the server answers again.
    hub.all_emails_delivered_once()


def test_a_hung_elasticsearch_is_skipped_by_searches_and_its_changes_arrive_later(hub_is_healthy):
    hub = hub_is_healthy
    baseline = hub.traffic(registrations=4, searches=8)
    hub.elasticsearch.hang()
    answers = hub.traffic(registrations=4, searches=32)
    approved = hub.approve(4)  # four search-index changes while the cluster hangs
    answer, report = hub.health()
    _served(answers)
    timeout = float(hub.env["SEARCH_TIMEOUT_SECONDS"])
    _not_waiting_for("Elasticsearch", timeout, answers, baseline, "/api/groups")
    # Each worker pays the timeout once; after that its breaker answers from the database.
    _not_waiting_for("Elasticsearch", timeout, answers, baseline, "/search/")
    assert answer.status == 200 and report["search"]["status"] == "degraded", report
    hub.elasticsearch.resume()
    hub.index_matches_database()
    for name in approved:
        found = hub.call("GET", "/search/?q=" + name.replace(" ", "+"))
        assert found.status == 200 and name.encode() in found.body
    hub.all_emails_delivered_once()


def test_with_mail_and_elasticsearch_both_hung_registrations_answer_as_quickly(hub_is_healthy):
    """With the worker, no web request talks to the mail server or Elasticsearch for a write:
    with both hung at once a registration is answered as quickly as just before."""
    hub = hub_is_healthy
    baseline = hub.traffic(registrations=8, searches=2)
    hub.smtp.hang()
    hub.elasticsearch.hang()
    hung = hub.traffic(registrations=8, searches=2)
    _served(hung)
    logger.info(
        "registration median %.3f s before, %.3f s with mail and Elasticsearch hung",
        _median(baseline, "/api/groups"),
        _median(hung, "/api/groups"),
    )
    timeout = min(float(hub.env["EMAIL_TIMEOUT_SECONDS"]), float(hub.env["SEARCH_TIMEOUT_SECONDS"]))
    _not_waiting_for("the mail server or Elasticsearch", timeout, hung, baseline, "/api/groups")
    assert set(hub.posted) <= hub.stored()
    hub.smtp.resume()
    hub.elasticsearch.resume()
    hub.all_emails_delivered_once()
    hub.index_matches_database()


RETITLE = """
from wagtail.models import Page

page = Page.objects.get(depth=2).specific
page.title = page.seo_title = "{title}"
page.save_revision().publish()
print(page.url_path)
"""


def test_without_redis_no_worker_serves_a_changed_page_from_its_own_cache(hub_is_healthy):
    """Several workers and no REDIS_URL: the cache is a database table every worker shares, so
    a page changed by an editor is changed for every visitor at once."""
    hub = hub_is_healthy
    port = free_port()
    env = {key: value for key, value in hub.env.items() if key != "REDIS_URL"}
    web = gunicorn(
        port, env=env, log_path=hub.workdir / "web-without-redis.log", workers=WORKERS
    ).start()
    try:
        base_url = f"http://127.0.0.1:{port}"
        assert wait_until_up(f"{base_url}/healthz", seconds=60, process=web.process)
        other = ProductionHub(**{**hub.__dict__, "base_url": base_url, "posted": []})
        before = other.traffic(registrations=0, searches=0, pages=4 * WORKERS)  # every cache
        _served(before)
        title = f"Changed for everyone {os.getpid()}"
        manage(env, "shell", "--no-imports", "-c", RETITLE.format(title=title))
        after = other.traffic(registrations=0, searches=0, pages=4 * WORKERS)
        _served(after)
        stale = [a for a in after if title.encode() not in a.body]
        assert not stale, f"{len(stale)} of {len(after)} answers were the old page"
    finally:
        web.stop()


def test_in_process_a_hung_mail_server_holds_up_no_answer_and_loses_no_email(hub_is_healthy):
    """Without the worker (tasks in the web process, as ``make run`` has them) each email is
    sent after its response has gone, on a thread of its own: a hung mail server delays no
    answer and holds no web thread, and what it held back is delivered once, by that thread or
    by ``send_queued_emails``, when the server is back."""
    hub = hub_is_healthy
    port = free_port()
    env = {key: value for key, value in hub.env.items() if key != "TASKS_BACKEND"}
    web = gunicorn(
        port, env=env, log_path=hub.workdir / "web-in-process.log", workers=WORKERS, threads=2
    ).start()
    base_url = f"http://127.0.0.1:{port}"
    other = ProductionHub(**{**hub.__dict__, "base_url": base_url, "env": env, "posted": []})
    try:
        assert wait_until_up(f"{base_url}/healthz", seconds=60, process=web.process)
        baseline = other.traffic(registrations=4, searches=0)
        other.all_emails_delivered_once(seconds=30)  # sent in the web process itself
        hub.smtp.hang()
        # Two waves of clients: the second needs the web threads the first has used.
        hung = other.traffic(registrations=2 * CLIENTS, searches=0)
        _served(hung)
        # Not one answer waits: a web thread that sent the email itself would hold up the next
        # request it took (until the breaker opened, so only a few, hence the slowest).
        slowest, before = max(a.seconds for a in hung), max(a.seconds for a in baseline)
        timeout = float(env["EMAIL_TIMEOUT_SECONDS"])
        assert slowest < before + timeout / 2, (
            f"a registration waited for the mail server: {slowest:.2f} s against {before:.2f} s"
        )
        assert set(other.posted) <= other.stored()
        hub.smtp.resume()

        # The web process's own thread and the command may reach the same email: once each.
        def delivered_by_the_command():
            manage(env, "send_queued_emails")
            return not other.database.query(
                "SELECT COUNT(*) FROM intake_outboundemail WHERE status <> 'sent'"
            )[0][0]

        other.wait_for(delivered_by_the_command, seconds=60, what="send_queued_emails sent them")
        other.all_emails_delivered_once(seconds=5)
    finally:
        hub.smtp.resume()
        web.stop()
