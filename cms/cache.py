"""A page cache for anonymous visitors, kept in the configured Django cache (Redis at scale).

Only Wagtail pages (and views decorated with :func:`cache_anonymous_page`) are stored, and only
when the response is the same for every visitor: a GET from someone with no session or messages
cookie, answered 200 with HTML, setting no cookie and using no CSRF token. Every key carries a
generation number; publishing, unpublishing, moving or deleting a page, or saving anything the
public pages show, moves to the next generation, so no visitor sees a stale page after an edit.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)
T = TypeVar("T")

GENERATION_KEY = "pagecache:generation"
# Cookies that do not change what an anonymous visitor sees.
_NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME}
# Apps whose records appear on public pages: a write to any of them empties the page cache.
_CONTENT_APPS = {
    "cms",
    "themes",
    "intake",
    "engagement",
    "meetings",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
}
_SKIP_HEADERS = {"set-cookie", "content-length"}
_MAX_PATH_LENGTH = 500


def page_cache_seconds() -> int:
    return settings.HUB_PAGE_CACHE_SECONDS


def page_cache_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def cached_with_pages(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept until the next generation: for small values the public pages show
    (the header's links, the privacy notice), renewed by the same edits as the pages."""
    key = f"{name}:{page_cache_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=None)
    return value


# --- Values read from small reference tables ---------------------------------------------------
# The labels of the models whose rows may be cached (see ``rows_watch``).
_WATCHED_ROWS: set[str] = set()
_ROWS_SECONDS = 3600


def rows_watch(*models) -> None:
    """Let ``cached_rows`` keep values read from these models, forgotten in every process as soon
    as one of their rows is saved or deleted. Each app calls it for its own reference tables in
    ``AppConfig.ready()``, so every process watches the same tables."""
    for model in models:
        label = model._meta.label_lower
        _WATCHED_ROWS.add(label)
        for signal in (post_save, post_delete):
            signal.connect(_rows_changed, sender=model, dispatch_uid=f"rows:{label}:{id(signal)}")


def _rows_generation_key(label: str) -> str:
    return f"rows:{label}:generation"


def _rows_next_generation(label: str) -> None:
    key = _rows_generation_key(label)
    try:
        cache.incr(key)
    except ValueError:  # no generation yet: nothing was cached under it
        cache.add(key, 1, timeout=None)
    except Exception:  # a cache outage must never fail a save
        logger.exception("reference cache invalidation failed", extra={"model": label})


def _rows_changed(sender, **_kwargs) -> None:
    label = sender._meta.label_lower
    _rows_next_generation(label)
    # Again after the commit: a request reading between the save and the commit would keep
    # the old rows under the new generation.
    transaction.on_commit(lambda: _rows_next_generation(label))


def rows_watched(model) -> bool:
    return model._meta.label_lower in _WATCHED_ROWS


def cached_rows(model, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, a value read from ``model``'s rows only, kept until one of them changes.

    For a model nobody watches (``rows_watch``) the value is computed every time."""
    label = model._meta.label_lower
    if not rows_watched(model):
        return compute()
    generation_key, entry_key = _rows_generation_key(label), f"rows:{label}:{name}"
    try:
        found = cache.get_many([generation_key, entry_key])
    except Exception:  # a cache outage reads the database
        logger.exception("reference cache lookup failed", extra={"model": label})
        return compute()
    generation = found.get(generation_key, 0)
    entry = found.get(entry_key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    cache.set(entry_key, (generation, value), _ROWS_SECONDS)
    return value


def page_cache_invalidate(**_kwargs) -> None:
    """Forget every cached page (a new generation; old entries expire on their own)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing was cached under it
        cache.add(GENERATION_KEY, 2, timeout=None)
    except Exception:  # a cache outage must never fail a publish
        logger.exception("page cache invalidation failed")


def cache_anonymous_page(view):
    """Let the page cache store this view's responses (Wagtail pages are stored already)."""
    view.hub_page_cache = True
    return view


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and len(request.get_full_path()) <= _MAX_PATH_LENGTH
        and set(request.COOKIES) <= _NEUTRAL_COOKIES
    )


def _key(request: HttpRequest, generation: int) -> str:
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return f"pagecache:{generation}:{digest}"


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        getattr(request, "_hub_page_cache_view", False)
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


class PageCacheMiddleware:
    """Answer anonymous GETs for cached pages without running the view; store what is safe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            generation = page_cache_generation()
            key = _key(request, generation)
            stored = cache.get(key)
        except Exception:  # a cache outage serves pages uncached
            logger.exception("page cache lookup failed")
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _SKIP_HEADERS
            ]
            try:
                cache.set(
                    key,
                    (response.status_code, headers, response.content),
                    page_cache_seconds(),
                )
            except Exception:
                logger.exception("page cache store failed")
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve

        request._hub_page_cache_view = view_func is serve or getattr(
            view_func, "hub_page_cache", False
        )


def _on_content_saved(sender, **kwargs) -> None:
    if sender._meta.app_label in _CONTENT_APPS:
        page_cache_invalidate()


def page_cache_connect_signals() -> None:
    """Empty the page cache whenever something the public pages show changes."""
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(page_cache_invalidate, dispatch_uid=f"pagecache-{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(_on_content_saved, dispatch_uid=f"pagecache-model-{id(signal)}")
    m2m_changed.connect(_on_content_saved, dispatch_uid="pagecache-m2m")
