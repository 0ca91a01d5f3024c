"""A small per-process memory in front of the shared cache, for versioned keys.

Most cache reads of a page are keys that embed a version token: the tree
version (core/caching.py), the forum version, the template fragments of page
bodies. Such a key never changes meaning: a new version makes new keys. So a
worker process may keep what it read from Redis in its own memory and answer
the next request without a network round trip; only the version tokens
themselves are read from Redis, once per request.

``TieredCache`` is that: reads try the process's memory (a ``LocMemCache``,
bounded by ``MAX_ENTRIES`` and ``LOCAL_TIMEOUT``), then the shared cache named
by ``SHARED``; writes go to both. Use it only for versioned keys (aliases
``versioned`` and ``template_fragments`` in production settings): an unversioned
key could be up to ``LOCAL_TIMEOUT`` seconds stale in another process. Deletes
reach every process only through the shared cache, hence the same rule.
"""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

_MISSING = object()


class TieredCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._local_timeout = int(options.get("LOCAL_TIMEOUT", 60))
        self._local = LocMemCache(
            f"tiered-{location or 'default'}",
            {
                "TIMEOUT": self._local_timeout,
                "OPTIONS": {
                    "MAX_ENTRIES": int(options.get("MAX_ENTRIES", 1000)),
                    "CULL_FREQUENCY": 4,
                },
            },
        )

    @property
    def _shared(self) -> BaseCache:
        return caches[self._shared_alias]

    def _local_timeout_for(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self._local_timeout
        return min(timeout, self._local_timeout)

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version)
        if value is not _MISSING:
            return value
        value = self._shared.get(key, _MISSING, version)
        if value is _MISSING:
            return default
        self._local.set(key, value, self._local_timeout, version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version)
        self._local.set(key, value, self._local_timeout_for(timeout), version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version)
        if added:
            self._local.set(key, value, self._local_timeout_for(timeout), version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version)

    def delete(self, key, version=None):
        self._local.delete(key, version)
        return self._shared.delete(key, version)

    def has_key(self, key, version=None):
        return self._local.has_key(key, version) or self._shared.has_key(key, version)

    def clear(self):
        self._local.clear()
        self._shared.clear()

    def clear_local(self):
        """Forget this process's copies (tests, and after a restore)."""
        self._local.clear()
