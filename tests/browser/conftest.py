"""A real hub for the browser tests: one server process and one Chromium for the whole session.

The server runs the project's own WSGI application under gunicorn on a free loopback port, against
a freshly migrated database holding the demo content (a SQLite file, or a throwaway PostgreSQL
database when ``DATABASE_URL`` points at PostgreSQL). Emails are written as files the journeys read.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.browser.support import ARTIFACTS_DIR, HubServer

REPO_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "browser-editor-password"


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test, so ``-m "not browser"`` leaves them all out."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_database(url: str) -> tuple[str, str]:
    """A URL for a throwaway database beside the one in ``url``, and the maintenance URL."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "userhub"
    browser_db = f"{name}_browser_{os.getpid()}"
    return (
        urlunsplit(parts._replace(path=f"/{browser_db}")),
        urlunsplit(parts._replace(path="/postgres")),
    )


def _postgres_execute(maintenance_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(sql)


def _manage(env: dict, *args: str, timeout: int = 300) -> str:
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
        pytest.fail(
            f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The hub server exited with code {process.returncode} before answering.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"The hub server did not answer {url} within {timeout} s.")


@pytest.fixture(scope="session")
def hub_server(tmp_path_factory) -> HubServer:
    """Migrate a fresh database, load the demo content and serve the hub over real HTTP."""
    workdir = tmp_path_factory.mktemp("hub-server")
    email_dir = workdir / "emails"
    media_dir = workdir / "media"
    email_dir.mkdir()
    media_dir.mkdir()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.server_settings",
        "HUB_BROWSER_EMAIL_DIR": str(email_dir),
        "HUB_BROWSER_MEDIA_DIR": str(media_dir),
        "HUB_BROWSER_BASE_URL": base_url,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("ELASTICSEARCH_URL", None)  # the browser suite proves the embedded default
    maintenance_url = None
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        database_url, maintenance_url = _postgres_database(database_url)
        name = urlsplit(database_url).path.lstrip("/")
        _postgres_execute(maintenance_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_execute(maintenance_url, f'CREATE DATABASE "{name}"')
    else:
        database_url = f"sqlite:///{workdir / 'hub.sqlite3'}"
    env["DATABASE_URL"] = database_url

    # One Django start-up for all the set-up: each manage.py process costs seconds.
    from django.core.management import get_commands

    commands = frozenset(get_commands())
    demo = "call_command('load_demo_content');" if "load_demo_content" in commands else ""
    _manage(
        env,
        "shell",
        "-c",
        "from django.core.management import call_command;"
        "from django.contrib.auth import get_user_model;"
        "call_command('migrate', interactive=False, verbosity=0);"
        f"{demo}"
        f"get_user_model().objects.create_superuser({EDITOR_USERNAME!r}, "
        f"'editor@userhub.example', {EDITOR_PASSWORD!r})",
    )

    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--threads=8",
                "--timeout=60",
                "--graceful-timeout=5",
            ],
            cwd=REPO_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"{base_url}/healthz", process)
        yield HubServer(
            base_url=base_url,
            email_dir=email_dir,
            env=env,
            log_path=log_path,
            editor_username=EDITOR_USERNAME,
            editor_password=EDITOR_PASSWORD,
            commands=commands,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if maintenance_url:
            name = urlsplit(database_url).path.lstrip("/")
            with contextlib.suppress(Exception):
                _postgres_execute(maintenance_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session: Debian's, never a downloaded one."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots():
    """Screenshots from an earlier run must not be mistaken for this run's."""
    shutil.rmtree(ARTIFACTS_DIR / "screenshots", ignore_errors=True)
    (ARTIFACTS_DIR / "screenshots").mkdir(parents=True, exist_ok=True)


def _reusable_page(browser, hub_server, *, width: int, height: int):
    context = browser.new_context(
        base_url=hub_server.base_url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture(scope="session")
def shared_page(browser, hub_server):
    """One anonymous page reused by the accessibility checks of plain GET pages."""
    context, page = _reusable_page(browser, hub_server, width=1024, height=768)
    yield page
    context.close()


@pytest.fixture(scope="session")
def narrow_page(browser, hub_server):
    """One anonymous page 320 px wide (WCAG 1.4.10 reflow), reused across checks."""
    context, page = _reusable_page(browser, hub_server, width=320, height=640)
    yield page
    context.close()


@pytest.fixture(scope="session")
def page_at_width(browser, hub_server):
    """One anonymous page per viewport width, made on first use and reused for the session."""
    pages = {}

    def get(width: int):
        if width not in pages:
            pages[width] = _reusable_page(browser, hub_server, width=width, height=800)
        return pages[width][1]

    yield get
    for context, _page in pages.values():
        context.close()


@pytest.fixture
def new_context(browser, hub_server):
    """A fresh browser context (no cookies): a new visitor. Closed after the test."""
    contexts = []

    def make(*, width: int = 1024, height: int = 768):
        context = browser.new_context(
            base_url=hub_server.base_url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
