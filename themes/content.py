"""What is tagged with a set of themes, gathered from every app that tags content.

Each app registers a provider from its ``AppConfig.ready``::

    @register(order=20)
    def case_studies(*, theme_ids, theme=None):
        return {"title": "Case studies", "items": [...], "template": "...", "more_url": None}

``theme_ids`` holds the theme and every theme below it; ``theme`` (optional in the signature)
is the theme whose page is shown. A provider returns a section dict or None, in a fixed
number of queries however much content is tagged.
"""

import inspect
from collections.abc import Callable

_providers: list[tuple[int, Callable, bool]] = []


def _accepts_theme(func: Callable) -> bool:
    parameters = inspect.signature(func).parameters.values()
    return any(p.name == "theme" or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def register(order: int):
    """Register a section provider; lower ``order`` comes first on the theme page."""

    def decorator(func):
        if not any(existing is func for _order, existing, _flag in _providers):
            _providers.append((order, func, _accepts_theme(func)))
            _providers.sort(key=lambda entry: entry[0])
        return func

    return decorator


def tagged_content(*, theme_ids: set[int], theme=None) -> list[dict]:
    sections = []
    for _order, provider, accepts_theme in _providers:
        kwargs = {"theme_ids": theme_ids}
        if accepts_theme:
            kwargs["theme"] = theme
        section = provider(**kwargs)
        if section and section["items"]:
            sections.append(section)
    return sections


_counters: dict[str, Callable] = {}


def register_counter(name: str):
    """Register a function ``(*, theme_ids) -> int`` counting public items tagged with themes.

    The theme API reports every counter under ``content``, e.g. ``{"case_studies": 3}``.
    """

    def decorator(func):
        _counters[name] = func
        return func

    return decorator


def tagged_counts(*, theme_ids: set[int]) -> dict[str, int]:
    return {name: int(counter(theme_ids=theme_ids)) for name, counter in sorted(_counters.items())}
