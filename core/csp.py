"""The Content-Security-Policy of every response (django-csp), with the parts
that depend on settings or on the path.

The policy itself is ``CONTENT_SECURITY_POLICY`` in the settings. Added here:

- the origin of the map's tile server (``OBSERVATORY_MAP_TILES_URL``), read at
  each response so that changing the setting changes the policy;
- on the Wagtail admin only (``/admin/``, behind its login), ``'unsafe-inline'``
  for scripts and styles instead of the nonce. Wagtail 8 still writes inline
  scripts we cannot give a nonce: every chooser widget outside a StreamField
  (``BaseChooser.render``: ``<script>new PageChooser(...)</script>``, on the
  page copy and move forms, snippet and document choosers in inline panels), the
  date and time pickers, and the forms an inline panel adds, whose scripts its
  JavaScript re-creates without the nonce. Its editors (Draftail, tooltips,
  modals) also write style attributes. Its preview panel frames the preview
  view, so it may be framed by our own origin. Everything else (no plugins,
  ``base-uri``, ``form-action``, scripts only from our origin) holds there
  too, and the public site stays nonce-only (tests/browser/test_csp.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
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
        if extra:
            parts.update = {**extra, **(parts.update or {})}
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware stack
            # with the page's own path; the admin's preview panel frames it.
            parts.replace = {"frame-ancestors": [SELF], **(parts.replace or {})}
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            # A nonce would make browsers ignore 'unsafe-inline': left out here.
            parts.replace = {
                "script-src": [SELF, UNSAFE_INLINE],
                "style-src": [SELF, UNSAFE_INLINE],
                # The editor's live preview frames the page's preview view.
                "frame-ancestors": [SELF],
                **(parts.replace or {}),
            }
        return parts
