"""Settings shared by every environment. Safe for production by default.

Each integration is switched by one environment variable and has one marked block below.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
# Prefixes Elasticsearch index names and cache keys, so environments can share a cluster.
ENVIRONMENT_NAME = os.environ.get("ENVIRONMENT_NAME", "production")

INSTALLED_APPS = [
    "cms.editorial",
    "cms.insights",
    "themes",
    "intake",
    "intake.submissions",
    "intake.privacy",
    "intake.engagement",
    "intake.meetings",
    "intake.alerts",
    "search",
    "cms.security",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "rest_framework",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    # First: frame and sniffing headers even on static files and the bad-Host 400 page.
    "cms.security.middleware.BaselineHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.middleware.HubCSPMiddleware",
    # Anonymous page cache: before the session and CSRF middleware, so a hit skips them.
    "cms.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.security.throttle.PasswordFormThrottleMiddleware",
    "cms.security.middleware.JsonOnlyMiddleware",
    "cms.security.middleware.ApiAddressMiddleware",
    "cms.security.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: turns a lockout into the readable 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.hub",
            ],
        },
    },
]

# --- Database: DATABASE_URL (default: SQLite file beside the code) ---------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; a timeout waits for the lock
    # instead of failing a submission under concurrent load.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: REDIS_URL (default: in-process memory) --------------------------------------------
# Redis speeds the hub up but is never needed to serve it: calls time out quickly and answer
# as an empty cache while it is down (cms/cache_backends.py), and rate limits then let
# requests through rather than refuse everyone.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _cache_timeout = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
    CACHES = {
        "default": {
            "BACKEND": "cms.cache_backends.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": ENVIRONMENT_NAME,
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_timeout": _cache_timeout,
                "socket_connect_timeout": _cache_timeout,
                "retry_after": 5.0,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_FAIL_OPEN = True
# How long a whole public page is kept in the cache (cleared when the content changes).
HUB_PAGE_CACHE_SECONDS = int(os.environ.get("HUB_PAGE_CACHE_SECONDS", "300"))

# --- Client addresses: TRUSTED_PROXY_COUNT (default 0: no proxy; X-Forwarded-For ignored) ---
# How many reverse proxies in front of the hub append to X-Forwarded-For (cms/client_address.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "cms.client_address.client_address"

# --- Search: ELASTICSEARCH_URL (default: the database's own full-text search) ------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_TIMEOUT_SECONDS = float(os.environ.get("SEARCH_TIMEOUT_SECONDS", "1.0"))
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", ENVIRONMENT_NAME)
# Wagtail's admin search always uses the database backend; the public search is in search/.
# Through cms/security, which cleans the words before they reach the full-text engine.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.security.search_backend"}}
# In-process, a finished request applies index changes that are due (at most every 5 s).
SEARCH_DRAIN_ON_REQUEST = True

# --- Background tasks: TASKS_BACKEND (default: in-process, after the response is sent) --------
# "database" (django-tasks-db) stores each task in the database for `manage.py db_worker`, so
# that no web request waits for the mail server or Elasticsearch. In-process suits `make run`.
TASK_BACKENDS = {
    "in-process": "cms.background.AfterResponseBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "in-process")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_tasks_backend, _tasks_backend)}}

# --- Email: EMAIL_URL-style variables ----------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT_SECONDS", "5"))
# After a failed send: wait this long before trying the mail server again (the breaker), and
# retry each email after 1, 2, 4 ... times EMAIL_RETRY_SECONDS (intake/submissions/emails.py).
MAIL_CIRCUIT_SECONDS = float(os.environ.get("MAIL_CIRCUIT_SECONDS", "60"))
EMAIL_RETRY_SECONDS = float(os.environ.get("EMAIL_RETRY_SECONDS", "60"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "USER hub <no-reply@userhub.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Editors told about new submissions and stale listings.
HUB_EDITOR_EMAILS = [
    e.strip() for e in os.environ.get("HUB_EDITOR_EMAILS", "").split(",") if e.strip()
]

# --- Passwords, i18n, static files -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [
    # Built by `npm run build` from cms/static_src; never committed.
    ("hub", BASE_DIR / "static_build"),
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security headers --------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline script anywhere in the public site.
        "script-src": [SELF],
        # Wagtail's admin sets a few inline style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "USER hub"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Absolute links in emails are built from this.
HUB_BASE_URL = os.environ.get("HUB_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILAPI_BASE_URL = HUB_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# Rich text in the API as real HTML links, not Wagtail's database format.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# --- Forms -------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The time trap (intake/submissions/spam.py): a form sent back faster than this is refused; one
# sent faster than the second figure only when it also looks automated.
INTAKE_MIN_FILL_SECONDS = 1.0
INTAKE_SUSPICIOUS_FILL_SECONDS = 3.0
# Form and JSON posts one client address may make (django-ratelimit's rate syntax).
INTAKE_POST_RATE = os.environ.get("INTAKE_POST_RATE", "20/m")
# A request for manage links always takes at least this long, so the time does not tell
# whether the address is a group contact's.
HUB_MANAGE_REQUEST_SECONDS = 0.4

# The admin shows initials, never avatars fetched from an outside site (the CSP blocks them).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# --- Logging: one JSON object per line ---------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "elastic_transport": {"level": "WARNING"},
    },
}

# --- Keeping the register true (intake: run_confirmation_cycle) -------------------------------
# Each listing is re-confirmed by its contact every cycle. The contact is reminded this many days
# before it is due and again when due; an overdue listing is flagged publicly, and hidden from the
# register once it has been overdue for the grace period.
LISTING_CONFIRMATION_CYCLE_DAYS = int(os.environ.get("LISTING_CONFIRMATION_CYCLE_DAYS", "365"))
LISTING_CONFIRMATION_REMINDER_DAYS = int(os.environ.get("LISTING_CONFIRMATION_REMINDER_DAYS", "30"))
LISTING_CONFIRMATION_GRACE_DAYS = int(os.environ.get("LISTING_CONFIRMATION_GRACE_DAYS", "90"))

# --- Engagement requests and personal data (intake.engagement) ---------------------------------
# A request not acknowledged within this many working days is flagged as overdue in the admin.
ENGAGEMENT_ACKNOWLEDGE_WORKING_DAYS = int(
    os.environ.get("ENGAGEMENT_ACKNOWLEDGE_WORKING_DAYS", "5")
)
# Count UK bank holidays (this part of the UK) as non-working days; empty to count weekends only.
ENGAGEMENT_BANK_HOLIDAYS_SUBDIVISION = os.environ.get("ENGAGEMENT_BANK_HOLIDAYS_SUBDIVISION", "ENG")
# Days the emailed links stay valid: a requester's status page, a champion's request page.
ENGAGEMENT_STATUS_LINK_DAYS = 365
ENGAGEMENT_CHAMPION_LINK_DAYS = 60
# The largest image a success story may carry, in bytes and in pixels (decompression bombs).
SUCCESS_IMAGE_MAX_BYTES = 5 * 1024 * 1024
SUCCESS_IMAGE_MAX_PIXELS = 25_000_000
# Days a retention period runs before `purge_personal_data` removes the personal data, by kind.
PERSONAL_DATA_RETENTION_DAYS = {
    # Requests to join whose address was never confirmed.
    "unconfirmed_join_requests": 30,
    # Requests to join declined, and memberships ended by leaving.
    "join_requests": 365,
    "archived_group_memberships": 180,
    "engagement_requests": 730,
    "champion_signups": 365,
    "success_stories": 365,
    "email_outbox": 90,
    "alert_followers": 30,
    # Listings hidden by the re-confirmation cycle: archived, contact details removed.
    "unconfirmed_listings": 365,
    # Audit files checked but never applied: the stored rows hold contacts' details.
    "unapplied_imports": 30,
    # Registrations whose contact never confirmed the address: deleted.
    "unconfirmed_registrations": 30,
    # Listings archived or rejected: the contact's name and address are removed.
    "closed_listings": 365,
    # Handovers the new contact never confirmed (or a later one replaced), counted from the
    # request: deleted.
    "lapsed_handovers": 30,
}

# --- Login lockout and password-form throttles (cms/security, django-axes) ----------------------
from datetime import timedelta  # noqa: E402

AUTHENTICATION_BACKENDS = [
    "cms.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Keyed by username *and* address: guesses from one address never lock out the real editor
# signing in from another.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.security.lockout.lockout_response"
# The same client address as the form rate limits (TRUSTED_PROXY_COUNT, cms/client_address.py).
AXES_CLIENT_IP_CALLABLE = "cms.client_address.client_address"
AXES_VERBOSE = False
HUB_PAGE_PASSWORD_RATE = "10/m"  # noqa: S105
HUB_PASSWORD_RESET_IP_RATE = "5/h"  # noqa: S105
HUB_PASSWORD_RESET_EMAIL_RATE = "3/h"  # noqa: S105
# No avatars from an outside site in the admin (Wagtail's Gravatar lookup is off).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
