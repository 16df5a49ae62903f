"""The production settings, as the fault tests' gunicorn runs them: everything from the
environment (cms.settings.production), with only what a test run needs on top.

- Rate limits raised: every client of the test comes from 127.0.0.1.
- The form time trap off: the clients post at once.
- Static files collected into the run's own directory.
"""

import os

from cms.settings.production import *  # noqa: F403
from cms.settings.production import LOGGING

INTAKE_POST_RATE = "100000/m"
INTAKE_MIN_FILL_SECONDS = 0
STATIC_ROOT = os.environ["HUB_FAULTS_STATIC_ROOT"]
LOGGING["root"]["level"] = "WARNING"
