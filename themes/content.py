"""What is tagged with a set of themes, gathered from every app that tags content.

Each app registers a provider: a function taking theme ids and returning a section dict
``{"title": str, "items": list, "template": str, "more_url": str | None}`` or None.
"""

from collections.abc import Callable

_providers: list[tuple[int, Callable]] = []


def register(order: int):
    def decorator(func):
        _providers.append((order, func))
        _providers.sort(key=lambda pair: pair[0])
        return func

    return decorator


def tagged_content(*, theme_ids: set[int]) -> list[dict]:
    sections = []
    for _order, provider in _providers:
        section = provider(theme_ids=theme_ids)
        if section and section["items"]:
            sections.append(section)
    return sections
