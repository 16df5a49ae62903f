"""Demo user groups for `make run`. Filled in by the intake work (issue 3)."""


def load_demo_groups(*, stdout=None) -> int:
    """Create the demo groups if missing; return how many were created. Safe to run twice."""
    return 0
