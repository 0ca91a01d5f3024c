"""A per-address limit on the heavy JSON endpoints (the search API, the map).

A client that asks for the map JSON a hundred times at once would otherwise take
every worker process, and every other visitor would wait. Each URL name listed in
``OBSERVATORY_HEAVY_LIMITS`` (``{"search_map:api": 10, ...}``) answers at most
that many requests per address and second; the rest get ``429 Too Many Requests``
with ``Retry-After``, at the cost of one cache increment, before any view runs.

The counter lives in the cache (``add`` then ``incr``, both atomic, expiring after
two seconds): with Redis it is shared by every process, with the local-memory
cache it counts within one process. Responses answered from the anonymous page
cache (core/page_cache.py) cost no work and are not counted.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from .hashing import client_ip


def limits() -> dict[str, int]:
    return getattr(settings, "OBSERVATORY_HEAVY_LIMITS", {})


def _second() -> int:
    return int(time.time())


# Seconds a counter lives: its second and the next (clocks of several processes).
COUNTER_TTL = 2


def allow(name: str, address: str, per_second: int) -> bool:
    """Count this request; False when the address is over its limit this second."""
    key = f"observatory:heavy:{name}:{address}:{_second()}"
    cache.add(key, 0, COUNTER_TTL)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, COUNTER_TTL)
        count = 1
    return count <= per_second


class HeavyRequestLimitMiddleware:
    """See the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "limits_itself", False):
            return None
        return refused(request)


def refused(request) -> JsonResponse | None:
    """A 429 when this request's address is over the limit of its URL name, else
    None (and the request is counted). Views whose answers are not all heavy (the
    map: its whole, prebuilt version costs nothing) are marked ``limits_itself``
    and call this only before the heavy work."""
    match = request.resolver_match
    per_second = limits().get(match.view_name) if match else None
    if per_second is None or allow(match.view_name, client_ip(request), per_second):
        return None
    response = JsonResponse(
        {"error": "Too many requests: try again in a second."}, status=429
    )
    response["Retry-After"] = "1"
    response["Cache-Control"] = "no-store"
    return response


def limits_itself(view):
    """Mark a view that calls ``refused`` itself, before its heavy work only."""
    view.limits_itself = True
    return view
