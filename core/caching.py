"""Small caches that keep page rendering at a fixed, low number of SQL queries.

What is cached changes only when content changes (a page saved, published,
unpublished, moved or deleted; an entity, document, image, site, locale or view
restriction saved or deleted), so every entry carries the *tree version*, a token
that those events replace. An entry of an older version is simply never read again.

With several worker processes, configure a shared cache (``CACHES``): with the
per-process default, another worker sees a change after at most
``OBSERVATORY_CACHE_TIMEOUT`` seconds (docs/operations.md).
"""

import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.paginator import Paginator
from django.dispatch import Signal
from django.utils.functional import cached_property

TREE_VERSION_KEY = "observatory:tree-version"

# Sent whenever the tree version is replaced: what visitors see may have changed.
# Apps that keep derived files (open data, figures, map data) listen to it and
# enqueue a rebuild once the transaction commits.
tree_changed = Signal()


def timeout() -> int:
    return getattr(settings, "OBSERVATORY_CACHE_TIMEOUT", 300)


# Within one request the tree version is read from the cache once: a page asks
# for it five times or more (route, menu, switcher, fragments), each a round trip
# to Redis. A change made by another process during the request shows from the
# next one; a change made by this request shows at once (``bump_tree_version``).
_request = threading.local()


def _request_started(**_kwargs) -> None:
    _request.active, _request.version, _request.memo = True, None, {}


def _request_finished(**_kwargs) -> None:
    _request.active, _request.version, _request.memo = False, None, {}


def request_memo() -> dict | None:
    """A dict that lives as long as the current request (None outside one): for
    version tokens read from the shared cache once per request."""
    if getattr(_request, "active", False):
        return _request.memo
    return None


def tree_version() -> str:
    active = getattr(_request, "active", False)
    if active and _request.version is not None:
        return _request.version
    version = cache.get(TREE_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(TREE_VERSION_KEY, version, timeout())
    if active:
        _request.version = version
    return version


def bump_tree_version(**_kwargs) -> None:
    """Signal receiver: the tree changed, forget everything derived from it."""
    version = uuid.uuid4().hex
    cache.set(TREE_VERSION_KEY, version, timeout())
    if getattr(_request, "active", False):
        _request.version = version
    tree_changed.send(sender=None)


def tree_cached(key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, cached until the page tree changes."""
    value = tree_cache_get(key)
    if value is None:
        value = compute()
        tree_cache_set(key, value)
    return value


def versioned_cache():
    """The cache for keys that embed a version token: the ``versioned`` alias
    when configured (a per-process memory in front of Redis, core/tiered_cache.py),
    else the default cache."""
    return caches["versioned"] if "versioned" in settings.CACHES else cache


def tree_cache_get(key: str) -> Any:
    """What ``tree_cache_set`` stored under ``key`` in this tree version, or None."""
    return versioned_cache().get(f"observatory:{tree_version()}:{key}")


def tree_cache_set(key: str, value: Any) -> None:
    versioned_cache().set(f"observatory:{tree_version()}:{key}", value, timeout())


class TreeCachedPaginator(Paginator):
    """A paginator whose total is counted once per tree version, not per request.

    Listing pages are otherwise dominated by ``COUNT(*)`` over every live page.
    """

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return tree_cached(
            f"count:{self.count_key}", lambda: Paginator.count.func(self)
        )


def connect_signals() -> None:
    """Replace the tree version on every change of Wagtail's pages, sites,
    locales, documents and images. An app whose own models pages show watches
    them with ``watch_models`` from its ``signals.py``."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Locale, Page, Site

    request_started.connect(_request_started, dispatch_uid="obs-tree-request-start")
    request_finished.connect(_request_finished, dispatch_uid="obs-tree-request-end")
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(bump_tree_version, dispatch_uid=f"obs-tree-{id(signal)}")
    for model in (Page, Site, Locale):
        post_delete.connect(
            bump_tree_version, sender=model, dispatch_uid=f"obs-del-{model.__name__}"
        )
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction

    watched = (
        Site,
        Locale,
        get_document_model(),
        get_image_model(),
        PageViewRestriction,
    )
    for model in watched:
        post_save.connect(
            bump_tree_version, sender=model, dispatch_uid=f"obs-save-{model.__name__}"
        )
    for model in watched[2:]:
        post_delete.connect(
            bump_tree_version, sender=model, dispatch_uid=f"obs-del-{model.__name__}"
        )
    # Routes are cached with their pages' view restrictions (project_pages/routing.py).
    from django.db.models.signals import m2m_changed

    m2m_changed.connect(
        bump_tree_version,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="obs-restriction-groups",
    )
    # Any page saved (a draft too): cached page bodies and menus are recomputed.
    post_save.connect(_page_saved, dispatch_uid="obs-page-saved")


def watch_models(*models) -> None:
    """Replace the tree version whenever a row of ``models`` is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        post_save.connect(
            bump_tree_version, sender=model, dispatch_uid=f"obs-save-{model.__name__}"
        )
        post_delete.connect(
            bump_tree_version, sender=model, dispatch_uid=f"obs-del-{model.__name__}"
        )


def _page_saved(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump_tree_version()
