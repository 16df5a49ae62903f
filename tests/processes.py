"""Real processes the tests start themselves: free ports, throwaway databases, manage.py, servers
that can be stopped, hung (SIGSTOP: the kernel still accepts connections, nobody answers) and
resumed, noida-db speaking the Elasticsearch protocol, and a socket that never answers."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_DIR = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A loopback port where nothing listens (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, *, seconds: float, process: subprocess.Popen | None = None) -> bool:
    """True once ``url`` answers 200; False after ``seconds`` or when ``process`` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.1)
    return False


def wait_for_port(port: int, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


class ThrowawayDatabase:
    """A database of the test's own: a SQLite file, or a PostgreSQL database beside the one
    ``DATABASE_URL`` names (created now, dropped by ``drop``).

    ``template``, a migrated SQLite file, is copied to start a SQLite database from (``migrate``
    then finds nothing to do); PostgreSQL ignores it."""

    def __init__(self, directory: Path, label: str, *, template: Path | None = None):
        configured = os.environ.get("DATABASE_URL", "")
        self._maintenance_url = ""
        if configured.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(configured)
            base = parts.path.lstrip("/") or "userhub"
            self.name = f"{base}_{label}_{os.getpid()}"
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self._maintenance_url = urlunsplit(parts._replace(path="/postgres"))
            self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._execute(f'CREATE DATABASE "{self.name}"')
        else:
            self.name = str(directory / f"{label}.sqlite3")
            self.url = f"sqlite:///{self.name}"
            if template is not None:
                shutil.copyfile(template, self.name)

    @property
    def is_postgres(self) -> bool:
        return bool(self._maintenance_url)

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self._maintenance_url, autocommit=True) as connection:
            connection.execute(sql)

    def query(self, sql: str) -> list[tuple]:
        """Rows of one read-only query, straight from the database the servers use."""
        if self.is_postgres:
            import psycopg

            with psycopg.connect(self.url) as connection:
                return connection.execute(sql).fetchall()
        import sqlite3

        with sqlite3.connect(self.name, timeout=10) as connection:
            return connection.execute(sql).fetchall()

    def drop(self) -> None:
        if self.is_postgres:
            # A database left behind is harmless; the run goes on.
            with contextlib.suppress(Exception):
                self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def manage(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``manage.py`` in a process of its own; raise with its output when it fails."""
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


class ServerProcess:
    """A server in its own process group, so a signal reaches it and every child it starts."""

    def __init__(self, args: list[str], *, env: dict | None = None, log_path: Path | None = None):
        self.args, self.env, self.log_path = args, env, log_path
        self.process: subprocess.Popen | None = None
        self.hung = False

    def start(self) -> "ServerProcess":
        log = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            self.args,
            cwd=REPO_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if self.log_path:
            log.close()
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _signal(self, number: int) -> None:
        if self.running:
            os.killpg(self.process.pid, number)

    def hang(self) -> None:
        """Stopped, not gone: connections are accepted by the kernel and never answered."""
        self._signal(signal.SIGSTOP)
        self.hung = True

    def resume(self) -> None:
        self._signal(signal.SIGCONT)
        self.hung = False

    def stop(self) -> None:
        if self.running:
            # Woken to handle SIGTERM, a hung server would first answer the connections it had
            # accepted: a hung server that goes down must answer nothing, so it is killed.
            self._signal(signal.SIGKILL if self.hung else signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait()
        self.process = None
        self.hung = False


def gunicorn(port: int, *, env: dict, log_path: Path, workers: int, threads: int = 1):
    """The hub's WSGI application under gunicorn on a loopback port (not started yet)."""
    return ServerProcess(
        [sys.executable, "-m", "gunicorn", "cms.wsgi:application", f"--bind=127.0.0.1:{port}",
         f"--workers={workers}", f"--threads={threads}", "--timeout=60", "--graceful-timeout=5"],
        env=env,
        log_path=log_path,
    )  # fmt: skip


class NoidaServer(ServerProcess):
    """noida-db speaking the Elasticsearch 8 protocol on a loopback port; its data survive a
    ``stop()`` and ``start()``."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = tempfile.mkdtemp(prefix="noida-")
        # The server binary itself (the `noida-db` console script would run it as a child
        # that a signal to the script does not reach).
        binary = files("noida_db").joinpath("noida-db")
        super().__init__(
            [str(binary), "start", "--only", "elasticsearch", "--elasticsearch-port",
             str(self.port), "--data-dir", self.data_dir],
        )  # fmt: skip

    def start(self) -> "NoidaServer":
        super().start()
        if not wait_until_up(self.url, seconds=20, process=self.process):
            self.stop()
            raise RuntimeError("noida-db did not start")
        return self

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


class RedisServer(ServerProcess):
    """A Redis of the test's own (the machine's binary, nothing kept on disk)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        super().__init__(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
        )  # fmt: skip

    def start(self) -> "RedisServer":
        super().start()
        if not wait_for_port(self.port, seconds=10):
            self.stop()
            raise RuntimeError("redis-server did not start")
        return self


class HungServer:
    """Accepts connections on a loopback port and never answers (a hung Redis, SMTP or
    Elasticsearch looks like this from the client's side)."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port = self._socket.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        self._socket.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _address = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(connection)

    @property
    def connections(self) -> int:
        """How many clients have connected so far."""
        return len(self._held)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=2)
        for connection in self._held:
            connection.close()
        self._socket.close()
