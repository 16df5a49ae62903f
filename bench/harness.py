"""Shared parts of the benchmarks: a throwaway database, a gunicorn server on loopback, and a
load generator of Python threads speaking plain HTTP/1.1.

Everything runs on 127.0.0.1 and every run is bounded in time. Nothing here is a test: the
scripts print figures (and ratios measured side by side in the same run) for bench/README.md.
"""

import contextlib
import http.client
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_DIR))


def machine() -> str:
    """One line describing where the figures were measured."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BenchDatabase:
    """A fresh database for one bench run: a SQLite file, or PostgreSQL when DATABASE_URL says so.

    PostgreSQL gets its own database (``<name>_bench``), created and dropped here.
    """

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.maintenance_url = None
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(url)
            self.name = f"{parts.path.lstrip('/') or 'userhub'}_bench"
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self.maintenance_url = urlunsplit(parts._replace(path="/postgres"))
        else:
            self.name = str(workdir / "bench.sqlite3")
            self.url = f"sqlite:///{self.name}"

    @property
    def vendor(self) -> str:
        return "postgresql" if self.maintenance_url else "sqlite"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.maintenance_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        if self.maintenance_url:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.maintenance_url:
            with contextlib.suppress(Exception):
                self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@dataclass
class BenchSite:
    """The environment a bench's server and its set-up commands share."""

    workdir: Path
    database: BenchDatabase
    env: dict

    def manage(self, *args: str, timeout: int = 600) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    def django(self):
        """Configure Django in this process against the bench database (for counts and set-up)."""
        os.environ.update(self.env)
        import django

        django.setup()


@contextlib.contextmanager
def bench_site(*, demo: bool = True, page_cache: bool = True, extra_env: dict | None = None):
    """A migrated database (with the demo content) and the environment to serve it."""
    workdir = Path(tempfile.mkdtemp(prefix="userhub-bench-"))
    database = BenchDatabase(workdir)
    (workdir / "emails").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database.url,
        "BENCH_EMAIL_DIR": str(workdir / "emails"),
        "BENCH_PAGE_CACHE": "1" if page_cache else "0",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    env.pop("ELASTICSEARCH_URL", None)
    site = BenchSite(workdir=workdir, database=database, env=env)
    database.create()
    try:
        site.manage("migrate", "--noinput")
        if demo and "load_demo_content" in site.manage("help", "--commands").split():
            site.manage("load_demo_content")
        yield site
    finally:
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def gunicorn(site: BenchSite, *, workers: int = 1, env: dict | None = None):
    """Serve the hub with gunicorn's sync worker on a free loopback port; yield the port."""
    port = free_port()
    log = (site.workdir / f"gunicorn-{port}.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--timeout=60",
            "--graceful-timeout=5",
            "--log-level=warning",
        ],
        cwd=REPO_DIR,
        env={**site.env, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log.flush()
                raise SystemExit(
                    "gunicorn exited:\n" + Path(log.name).read_text(errors="replace")[-4000:]
                )
            try:
                status, _body, _headers = request(port, "GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not answer /healthz within 60 s")
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def request(
    port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
):
    """One HTTP request on a fresh connection; returns (status, body, headers)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, data, response.headers
    finally:
        connection.close()


@dataclass
class LoadResult:
    label: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p99_ms(self) -> float:
        return self.percentile(99) * 1000

    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def line(self) -> str:
        return (
            f"{self.label:<34} {self.rps:8.1f} req/s   p50 {self.p50_ms:7.2f} ms   "
            f"p99 {self.p99_ms:7.2f} ms   n={self.count}   statuses={dict(self.statuses)}"
        )


def load(
    port: int,
    label: str,
    make_request,
    *,
    clients: int = 2,
    seconds: float = 3.0,
) -> LoadResult:
    """Run ``make_request(client_index, sequence) -> (method, path, body, headers)`` from
    ``clients`` threads for ``seconds``; record each response's status and latency."""
    result = LoadResult(label=label, seconds=seconds)
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(index: int) -> None:
        sequence = 0
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        while time.perf_counter() < stop_at:
            method, path, body, headers = make_request(index, sequence)
            started = time.perf_counter()
            try:
                status, _data, _headers = request(port, method, path, body=body, headers=headers)
            except OSError:
                status = 599  # connection refused or reset: counted as a server failure
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            sequence += 1
        with lock:
            result.latencies.extend(latencies)
            for status, n in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + n

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def get(path: str, headers: dict | None = None):
    """A ``make_request`` for a plain GET of one path."""

    def make(_index, _sequence):
        return "GET", path, None, headers or {}

    return make


def interleaved(port: int, runs: dict, *, rounds: int = 3, seconds: float = 2.0, clients: int = 2):
    """Measure several request makers in alternating rounds, so drift hits each alike.

    ``runs`` maps a label to a ``make_request``; returns a merged LoadResult per label.
    """
    merged = {label: LoadResult(label=label, seconds=0.0) for label in runs}
    for _ in range(rounds):
        for label, make in runs.items():
            part = load(port, label, make, clients=clients, seconds=seconds)
            total = merged[label]
            total.seconds += part.seconds
            total.latencies.extend(part.latencies)
            for status, n in part.statuses.items():
                total.statuses[status] = total.statuses.get(status, 0) + n
    return merged


def header(title: str, site: BenchSite | None = None) -> None:
    print(f"# {title}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}   {machine()}")
    if site:
        print(f"# database: {site.database.vendor}")
