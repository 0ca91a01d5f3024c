"""Values derived from the whole content (the figures, the open data files), built
in the background after each change so that no visitor waits for a build.

With ``OBSERVATORY_BACKGROUND_BUILDS`` on (production, where a worker runs), a
reader gets the last value built, even when the content has changed since, and a
rebuild is queued once; only when nothing was ever built does the reader build it.
Off (development, tests), a stale value is rebuilt by the reader.

Values are kept in the cache without expiry, stamped with the tree version they
were built from (core/caching.py). Several processes see the worker's builds when
the cache is shared (``REDIS_URL``); with a cache per process each process builds
its first value itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from core.caching import tree_version

# How long a queued rebuild keeps others from queueing another: a worker that is
# down must not stop the next change from queueing once it is back.
QUEUED_FOR_SECONDS = 600


def background_builds() -> bool:
    return getattr(settings, "OBSERVATORY_BACKGROUND_BUILDS", False)


def _value_key(name: str) -> str:
    return f"observatory:derived:{name}"


def _queued_key(name: str) -> str:
    return f"observatory:derived-queued:{name}"


def queue_rebuild(name: str, task) -> bool:
    """Queue ``task`` once the transaction commits, unless a rebuild of ``name``
    is queued and not started yet; returns whether it was queued."""
    if not background_builds():
        return False
    if not cache.add(_queued_key(name), True, QUEUED_FOR_SECONDS):
        return False
    transaction.on_commit(task.enqueue)
    return True


def latest(name: str, compute: Callable[[], Any], task) -> Any:
    """The value of ``name``: current, or the last one built while ``task``
    rebuilds it in the background."""
    version = tree_version()
    stored = cache.get(_value_key(name))
    if stored is not None:
        built_from, value = stored
        if built_from == version:
            return value
        if background_builds():
            queue_rebuild(name, task)
            return value
    return store(name, compute, version)


def started(name: str) -> None:
    """A queued rebuild of ``name`` has started: a rebuild queued from here on is
    a new one."""
    cache.delete(_queued_key(name))


def rebuild(name: str, compute: Callable[[], Any]) -> Any:
    """Build ``name`` now (the task's body)."""
    started(name)
    return store(name, compute, tree_version())


def store(name: str, compute: Callable[[], Any], version: str) -> Any:
    # The version is read before computing: a change made meanwhile leaves the
    # value stale, so the next reader queues another rebuild.
    value = compute()
    cache.set(_value_key(name), (version, value), None)
    return value
