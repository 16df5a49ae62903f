"""Production: everything from the environment; refuse to start without what is required."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_HOST", "DEFAULT_FROM_EMAIL"]
_missing = [name for name in REQUIRED if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "Set these environment variables before starting the hub: " + ", ".join(_missing)
    )
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
# ELASTICSEARCH_URL and REDIS_URL are optional. Without Redis the cache is a database table,
# shared by every worker, so that no worker can keep serving a page made private or changed
# (an in-process cache would, for up to its timeout), and rate limits count across workers.
if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hub_cache",  # created by migration cms/0010 in every case
            "KEY_PREFIX": ENVIRONMENT_NAME,
            "TIMEOUT": 300,
        }
    }

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]
