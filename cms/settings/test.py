"""Fast, deterministic settings for the test suite."""

from .base import *

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
ENVIRONMENT_NAME = "test"
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "test")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUB_EDITOR_EMAILS = ["editors@userhub.example"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests read an email the moment its response arrives, so tasks run at once here; holding them
# until the response has gone is tested on its own (tests/intake/test_after_response.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The drain after a response runs on a thread of its own, outside the test's transaction.
SEARCH_DRAIN_ON_REQUEST = False
WAGTAILADMIN_BASE_URL = HUB_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A manage-link request takes this long whatever the address (cms.security.timing); short here.
HUB_MANAGE_REQUEST_SECONDS = 0.05
