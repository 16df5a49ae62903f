"""A real hub for the browser tests: one server process and one Chromium for the whole session.

The server runs the project's own WSGI application under gunicorn on a free loopback port, against
a freshly migrated database holding the demo content (a SQLite file, or a throwaway PostgreSQL
database when ``DATABASE_URL`` points at PostgreSQL). Emails are written as files the journeys read.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.browser.support import ARTIFACTS_DIR, HubServer
from tests.processes import ThrowawayDatabase, free_port, gunicorn, manage, wait_until_up

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


def _manage(env: dict, *args: str) -> None:
    try:
        manage(env, *args)
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def hub_server(tmp_path_factory, migrated_database) -> HubServer:
    """Migrate a fresh database, load the demo content and serve the hub over real HTTP."""
    workdir = tmp_path_factory.mktemp("hub-server")
    email_dir = workdir / "emails"
    media_dir = workdir / "media"
    email_dir.mkdir()
    media_dir.mkdir()
    port = free_port()
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
    database = ThrowawayDatabase(workdir, "browser", template=migrated_database)
    env["DATABASE_URL"] = database.url

    # One Django start-up for all the set-up: each manage.py process costs seconds. From the
    # migrated copy, migrate only proves that nothing is left to apply.
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
    server = gunicorn(port, env=env, log_path=log_path, workers=1, threads=8).start()
    try:
        if not wait_until_up(f"{base_url}/healthz", seconds=60, process=server.process):
            pytest.fail(f"The hub server did not answer; see {log_path}")
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
        server.stop()
        database.drop()


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


@pytest.fixture(scope="session")
def editor_session(browser, hub_server) -> dict:
    """The cookies of the hub team's editor, signed in to the Wagtail admin once for the session:
    a context started from them is signed in without a round of the sign-in form."""
    context = browser.new_context(base_url=hub_server.base_url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(hub_server.editor_username)
    page.get_by_label("Password").fill(hub_server.editor_password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def new_context(browser, hub_server):
    """A fresh browser context (no cookies unless ``storage_state`` gives some): a new visitor.
    Closed after the test."""
    contexts = []

    def make(*, width: int = 1024, height: int = 768, storage_state: dict | None = None):
        context = browser.new_context(
            base_url=hub_server.base_url,
            viewport={"width": width, "height": height},
            storage_state=storage_state,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
