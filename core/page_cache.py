"""Whole responses for anonymous visitors, answered from the cache.

Most traffic is anonymous, and an anonymous visitor's page is the same for every
anonymous visitor: the home page, the project index, a project page, the search
page and the public JSON APIs. ``AnonymousPageCacheMiddleware`` stores such a
response once and answers the next visitors with it, without running any other
middleware, view or template (no SQL query at all).

What is stored, and for whom:

- Only ``GET``/``HEAD`` requests without a session cookie and without a messages
  cookie (``OBSERVATORY_PAGE_CACHE["BYPASS_COOKIES"]``): a signed-in member, an
  editor, a visitor with a pending message never reads a stored page, and their
  pages are never stored.
- Only ``200`` responses of HTML, JSON or XML that set no cookie, are not
  streamed, do not say ``private``/``no-store`` and did not render a CSRF token.
  That last rule is what keeps forms apart: any page whose template calls
  ``{% csrf_token %}`` for an anonymous visitor (the caravan's registration
  form, the request forms, the web submission form) asks Django for the
  visitor's token, and such a response is never stored; a visitor's token is
  never served to another. The search form is a ``GET`` form without a token.
- Never under ``OBSERVATORY_PAGE_CACHE["EXCLUDED_PATHS"]`` (the admin, documents,
  accounts, health checks), and never a response marked with ``not_cached``.

The key is the scheme, host, path and *sorted* query string, the language (from
the path prefix, or the language cookie and ``Accept-Language`` as Django's
``LocaleMiddleware`` would pick it), whether the client accepts gzip (a response
is stored as sent, compressed or not), the tree version and the *public
content version* below. Publishing anything replaces the tree version
(core/caching.py), so every stored page is forgotten at once, like the other
tree-version caches; ``OBSERVATORY_PAGE_CACHE["TIMEOUT"]`` bounds the age of a
stored page anyway (changes made without signals, e.g. ``QuerySet.update()``).

Public pages also show rows outside the page tree (comments, forum posts,
caravan places): any save or delete of a model not listed in
``OBSERVATORY_PAGE_CACHE["IGNORED_MODELS"]`` replaces the public content version
(``connect_signals``), so a new comment shows to the next anonymous visitor.

Headers are stored together with the body and sent again as stored. This matters
for the Content-Security-Policy with per-request nonces: the stored HTML carries
the nonce of the request that filled the cache in its ``<script nonce=...>``
tags, and the stored ``Content-Security-Policy`` header carries the same nonce.
Answering from the cache sends both, so the nonce in the header and in the body
always match (the CSP middleware leaves a response that already has the header
alone). This is why the middleware is the *first* in ``MIDDLEWARE``: it stores
the response as it leaves every other middleware (CSP, security headers,
compression) and answers a hit before any of them runs. ``manage.py check``
warns when it is not first.

For a proxy in front (nginx, Varnish, a CDN), cacheable anonymous responses say
``Cache-Control: public, max-age=<PROXY_MAX_AGE>`` and
``Vary: Cookie, Accept-Encoding, Accept-Language``; the proxy is purged on
publish by Wagtail's frontend cache (``WAGTAILFRONTENDCACHE``, configured when
``FRONTEND_CACHE_PURGE_URL`` is set: docs/operations.md).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .caching import request_memo, tree_version

PUBLIC_VERSION_KEY = "observatory:public-content-version"
CACHEABLE_TYPES = ("text/html", "application/json", "application/xml", "text/xml")
DEFAULTS = {
    "ENABLED": True,
    # Seconds a stored response may be served, at most.
    "TIMEOUT": 300,
    # Cache-Control max-age for a proxy in front (0: the proxy revalidates).
    "PROXY_MAX_AGE": 0,
    "EXCLUDED_PATHS": ("/admin/", "/documents/", "/accounts/", "/health", "/media/"),
    "BYPASS_COOKIES": (),
    # Models whose writes do not change what anonymous visitors see ("app_label"
    # or "app_label.model"): sessions, login attempts, queued tasks, heartbeats.
    "IGNORED_MODELS": (
        "sessions",
        "admin",
        "contenttypes",
        "axes",
        "django_tasks_database",
        "django_tasks_db",
        "health_check",
        "wagtailsearch",
        # Emails sent, workers' heartbeats, sign-ins (last_login), email addresses,
        # private submissions, index bookkeeping, pending notifications: none of
        # them is on a public page.
        "core.sentemail",
        "core.workerheartbeat",
        "auth.user",
        "account",
        "submissions",
        "search.missedwrite",
        "search.pendingtranslation",
        "community.notification",
        "practice.announcementoptout",
    ),
}


def config() -> dict:
    return {**DEFAULTS, **getattr(settings, "OBSERVATORY_PAGE_CACHE", {})}


def not_cached(view: Callable) -> Callable:
    """Never store this view's responses (e.g. a view that serves files of its
    own with ETags)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        response.page_cache_exempt = True
        return response

    return wrapper


def public_version() -> str:
    """The public content version, read from the shared cache once per request
    (a change made by this request shows at once: ``bump_public_version``)."""
    memo = request_memo()
    if memo is not None and PUBLIC_VERSION_KEY in memo:
        return memo[PUBLIC_VERSION_KEY]
    version = cache.get(PUBLIC_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(PUBLIC_VERSION_KEY, version, config()["TIMEOUT"])
    if memo is not None:
        memo[PUBLIC_VERSION_KEY] = version
    return version


def bump_public_version(**_kwargs) -> None:
    version = uuid.uuid4().hex
    cache.set(PUBLIC_VERSION_KEY, version, config()["TIMEOUT"])
    memo = request_memo()
    if memo is not None:
        memo[PUBLIC_VERSION_KEY] = version


def _bypass_cookies() -> tuple[str, ...]:
    names = {settings.SESSION_COOKIE_NAME, "messages"}
    names.update(config()["BYPASS_COOKIES"])
    return tuple(names)


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def cache_key(request: HttpRequest) -> str:
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    language = translation.get_language_from_request(request, check_path=True)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    encoding = "gzip" if _accepts_gzip(request) else "identity"
    return (
        f"observatory:page:{tree_version()}:{public_version()}:"
        f"{language}:{encoding}:{digest}"
    )


def _cacheable_request(request: HttpRequest, conf: dict) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path.startswith(prefix) for prefix in conf["EXCLUDED_PATHS"]):
        return False
    return not any(name in request.COOKIES for name in _bypass_cookies())


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if getattr(response, "page_cache_exempt", False) or response.cookies:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type not in CACHEABLE_TYPES:
        return False
    # {% csrf_token %} (or any get_token()) was used: the body holds a token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get(
        "CSRF_COOKIE_USED"
    ):
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v}
    return vary <= {"cookie", "accept-encoding", "accept-language"}


class AnonymousPageCacheMiddleware:
    """Answer anonymous GETs from the cache; see the module docstring (and
    keep this middleware first in ``MIDDLEWARE``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        conf = config()
        if not conf["ENABLED"] or not _cacheable_request(request, conf):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, body = stored
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            self._mark_public(response, conf)
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "x-page-cache")
            ]
            cache.set(
                key,
                (response.status_code, headers, response.content),
                conf["TIMEOUT"],
            )
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _mark_public(response: HttpResponse, conf: dict) -> None:
        """What a proxy in front needs to store the page for anonymous visitors
        only (no session cookie), per encoding and language."""
        if "Cache-Control" not in response or response["Cache-Control"] == "":
            response["Cache-Control"] = f"public, max-age={conf['PROXY_MAX_AGE']}"
        patch_vary_headers(response, ("Cookie", "Accept-Encoding", "Accept-Language"))


def _model_changed(sender, **kwargs) -> None:
    ignored = set(config()["IGNORED_MODELS"])
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    if meta.app_label in ignored or meta.label_lower in ignored:
        return
    bump_public_version()


def connect_signals() -> None:
    """Any write a public page may show replaces the public content version."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_model_changed, dispatch_uid="obs-page-cache-save")
    post_delete.connect(_model_changed, dispatch_uid="obs-page-cache-delete")
    m2m_changed.connect(_model_changed, dispatch_uid="obs-page-cache-m2m")


def check_first_middleware(app_configs=None, **kwargs):
    """The cache must be the outermost middleware (see the module docstring)."""
    from django.core.checks import Warning

    name = "core.page_cache.AnonymousPageCacheMiddleware"
    middleware = list(settings.MIDDLEWARE)
    if name in middleware and middleware[0] != name:
        return [
            Warning(
                f"{name} is not the first middleware: pages served from the cache "
                "would miss the headers of the middleware before it (its "
                "Content-Security-Policy nonce among them).",
                id="core.W001",
            )
        ]
    return []
