"""One public base URL for every absolute link the site writes.

Emails (sent by commands and background tasks, with no request to ask), feeds,
sitemaps, canonical and Open Graph URLs all build on the default Wagtail Site's
``root_url``. ``settings.PUBLIC_BASE_URL`` (env ``PUBLIC_BASE_URL``; ``make demo``
uses http://127.0.0.1:8000) is the one place it is set: after every ``migrate``
the default Site's hostname and port follow it, and Wagtail's admin links
(``WAGTAILADMIN_BASE_URL``) are the same URL.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost

from core.caching import tree_cached


def public_base_url() -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/")


def host_and_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"PUBLIC_BASE_URL must be http(s)://host[:port], not {url!r}")
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname, parts.port or default


def sync_default_site(**kwargs) -> bool:
    """Point the default Site at PUBLIC_BASE_URL; True if it changed. A
    ``post_migrate`` receiver (and callable by hand)."""
    from wagtail.models import Site

    hostname, port = host_and_port(public_base_url())
    changed = False
    for site in Site.objects.filter(is_default_site=True).exclude(
        hostname=hostname, port=port
    ):
        site.hostname, site.port = hostname, port
        # save(), not a queryset update: its post_save makes Wagtail forget the
        # site root paths and the page caches forget every URL of the old
        # address (core/caching.py).
        site.save(update_fields=["hostname", "port"])
        changed = True
    return changed


def site_root_url(request=None) -> str:
    """``https://host[:port]`` of the request's Wagtail site (default site when the
    host is unknown); the request's own host only when there is no site at all.

    Pages know their site already (the router found it); other views get it from
    a cache kept until sites or pages change, so it costs them no query.
    """
    site = getattr(request, "_wagtail_site", None)
    if site is not None:
        return site.root_url
    if request is None:
        return tree_cached("site-root:-", _default_root_url)
    try:
        host = request.get_host()
    except DisallowedHost:
        host = "-"
    return tree_cached(f"site-root:{host}", lambda: _root_url_for(request))


def _root_url_for(request) -> str:
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def _default_root_url() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url: str, request=None, root: str | None = None) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return (root if root is not None else site_root_url(request)) + url
