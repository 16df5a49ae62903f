"""How many generated examples a Hypothesis test runs.

The default profile (``ci``) keeps the suite quick; ``HYPOTHESIS_PROFILE=thorough`` (``make
test-thorough``) runs every generated-input test with its full count, for a nightly or manual run.
"""

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("thorough", deadline=None, print_blob=True)
settings.load_profile(PROFILE)


def examples(*, ci: int, thorough: int) -> int:
    """``thorough`` examples in the thorough profile, ``ci`` otherwise."""
    return thorough if PROFILE == "thorough" else ci
