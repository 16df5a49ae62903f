"""Friendly defaults for a developer's machine (`make run`)."""

from .base import *

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-0c1f8e2a")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *ALLOWED_HOSTS]
ENVIRONMENT_NAME = os.environ.get("ENVIRONMENT_NAME", "dev")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", ENVIRONMENT_NAME)

# Emails are written as files you can open: var/emails/.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "emails"
HUB_EDITOR_EMAILS = HUB_EDITOR_EMAILS or ["editors@userhub.example"]

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
