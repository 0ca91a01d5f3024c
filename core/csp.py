"""The Content-Security-Policy of every response (django-csp), with the parts
that depend on settings or on the path.

The policy itself is ``CONTENT_SECURITY_POLICY`` in the settings. Added here:

- the origin of the map's tile server (``OBSERVATORY_MAP_TILES_URL``), read at
  each response so that changing the setting changes the policy;
- on the Wagtail admin only, ``style-src 'unsafe-inline'``: its editors (Draftail,
  the StreamField, tooltips and modals) write ``style`` attributes and
  ``<style>`` elements we do not control. Scripts stay nonce-only there too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse


def tiles_origin() -> str | None:
    """``https://tile.example.org`` from the tile URL template, or None."""
    url = urlsplit(settings.OBSERVATORY_MAP_TILES_URL or "")
    if not (url.scheme and url.netloc):
        return None
    return f"{url.scheme}://{url.netloc}"


class ObservatoryCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        extra: dict[str, list[str]] = {}
        origin = tiles_origin()
        if origin:
            extra["img-src"] = [origin]
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            extra["style-src"] = [UNSAFE_INLINE]
        if extra:
            parts.update = {**extra, **(parts.update or {})}
        return parts
