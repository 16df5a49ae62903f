"""Demo content for `make run`: a believable hub written from the strategy paper.

The editorial pages come from here; every other app adds its own demo records with
``demo_register`` from its ``ready()``, and ``load_demo_content`` loads them after the pages, in
the order the apps are installed (groups before their meetings and the requests about them).
"""

from collections.abc import Callable

# (heading printed before it, loader): a loader takes ``stdout`` and returns how many it added.
_LOADERS: list[tuple[str, Callable[..., int]]] = []


def demo_register(heading: str, load: Callable[..., int]) -> None:
    """Add an app's demo loader (once, however often ``ready()`` runs)."""
    if all(existing is not load for _, existing in _LOADERS):
        _LOADERS.append((heading, load))


def demo_loaders() -> list[tuple[str, Callable[..., int]]]:
    return list(_LOADERS)
