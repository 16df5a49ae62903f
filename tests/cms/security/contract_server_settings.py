"""Settings for the real server the API contract run starts on PostgreSQL (a process of its own,
on a throwaway database the fixture migrates).

The test settings, with what a running server needs, and the per-address limits raised for the
run: every generated request comes from 127.0.0.1. The limits stay on; only their rate changes.
"""

import os

from cms.settings.test import *  # noqa: F403
from cms.settings.test import LOGGING

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ENVIRONMENT_NAME = "contract"
WAGTAILADMIN_BASE_URL = HUB_BASE_URL = WAGTAILAPI_BASE_URL = os.environ["HUB_CONTRACT_BASE_URL"]

INTAKE_POST_RATE = "100000/m"
HUB_MANAGE_REQUEST_SECONDS = 0

LOGGING["root"]["level"] = "WARNING"
