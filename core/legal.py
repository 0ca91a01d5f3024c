"""The privacy notice and the terms of use: one page each in every language.

Written as templates, one per language (``templates/core/legal/privacy.ca.html``),
rather than as editors' pages: every installation has them from its first start,
the footer and the sign-up form can always link to them, and what they say is
reviewed with the code that stores the data (docs/data-protection.md; see
docs/decisions/0021-legal-pages-as-templates.md).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

LANGUAGES = ("ca", "es", "en")


def _render(request: HttpRequest, name: str) -> HttpResponse:
    language = translation.get_language() or LANGUAGES[0]
    if language not in LANGUAGES:
        language = LANGUAGES[-1]
    return render(
        request,
        f"core/legal/{name}.{language}.html",
        {
            "contact": settings.OBSERVATORY_PRIVACY_CONTACT,
            "tiles": bool(settings.OBSERVATORY_MAP_TILES_URL),
            "retention_days": settings.SUBMISSIONS.get("RETENTION_DAYS", 365),
            "legal_page": name,
        },
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return _render(request, "privacy")


@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    return _render(request, "terms")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for whatever the page says: the SVG
    icon, so that no page logs a 404."""
    from django.http import HttpResponseRedirect
    from django.templatetags.static import static

    response = HttpResponseRedirect(static("favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
