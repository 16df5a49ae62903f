"""Settings for the real server the browser tests start (a separate process, not the test client).

Built on the test settings, with what a running server needs: a database from ``DATABASE_URL``
(set by the fixture to a fresh file or a fresh PostgreSQL database), emails written as files the
tests read, absolute links that point at the server, and no rate limits (one browser makes every
request from 127.0.0.1).
"""

import os

from cms.settings.test import *  # noqa: F403
from cms.settings.test import LOGGING

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ENVIRONMENT_NAME = "browser"

# Emails as files: a journey opens the sent email and follows its link.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["HUB_BROWSER_EMAIL_DIR"]

WAGTAILADMIN_BASE_URL = HUB_BASE_URL = WAGTAILAPI_BASE_URL = os.environ["HUB_BROWSER_BASE_URL"]

MEDIA_ROOT = os.environ["HUB_BROWSER_MEDIA_DIR"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Every request comes from one address: per-IP limits would trip during the suite.
RATELIMIT_ENABLE = False
INTAKE_POST_RATE = "100000/m"
# A browser driven by a test fills a form faster than the spam check's minimum time.
INTAKE_MIN_FILL_SECONDS = 0

LOGGING["root"]["level"] = "WARNING"
