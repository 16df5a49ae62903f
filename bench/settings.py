"""Settings for the benchmark servers: production-like (DEBUG off, cached templates, WhiteNoise)
on loopback, with emails to files and no rate limits (the load comes from one address)."""

import os

from cms.settings.test import *  # noqa: F403
from cms.settings.test import LOGGING, MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ENVIRONMENT_NAME = "bench"
ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("BENCH_EMAIL_DIR", "/tmp/userhub-bench-emails")  # noqa: S108

# The worker shape (bench_intake): tasks wait in the database for db_worker, as in production.
if os.environ.get("TASKS_BACKEND") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

RATELIMIT_ENABLE = False
INTAKE_POST_RATE = "1000000/m"
INTAKE_MIN_FILL_SECONDS = 0

if os.environ.get("BENCH_PAGE_CACHE", "1") != "1":
    MIDDLEWARE = [m for m in MIDDLEWARE if m != "cms.cache.PageCacheMiddleware"]

LOGGING["root"]["level"] = "WARNING"
