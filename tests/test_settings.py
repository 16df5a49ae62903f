"""Deployment settings and security headers, checked the way an operator would meet them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "hub.example.org",
    "DATABASE_URL": "sqlite:////tmp/userhub-production-check.sqlite3",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "USER hub <hub@example.org>",
    "ELASTICSEARCH_URL": "",
    "REDIS_URL": "",
}


def _run(code_or_args, env_overrides, settings="cms.settings.production"):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = settings
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_passes_the_deploy_checks():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_HOST"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _run(["manage.py", "check"], {**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_production_sends_hsts_and_redirects_to_https():
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='hub.example.org');"
        "r = c.get('/healthz');"
        "print('redirect', r.status_code, r.headers.get('Location'));"
        "r = c.get('/healthz', secure=True);"
        "print('hsts', r.headers.get('Strict-Transport-Security'))"
    )
    result = _run(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "redirect 301 https://hub.example.org/healthz" in result.stdout
    assert "hsts max-age=31536000; includeSubDomains; preload" in result.stdout


def test_healthz_is_503_when_the_database_server_is_unreachable():
    # A real PostgreSQL client talking to a port where nothing listens.
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['database']['status'])"
    )
    result = _run(
        code,
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable"},
        settings="cms.settings.test",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("503 down")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/healthz", "/api/themes/", "/themes/", "/nope/"])
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_only_the_admin_allows_inline_script(client):
    # Wagtail's admin widgets need inline script; the public site must not.
    response = client.get("/admin/login/")
    csp = response.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" in script_src
    assert "frame-ancestors 'none'" in csp
