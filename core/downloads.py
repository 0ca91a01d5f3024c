"""Private files sent as downloads, after the view has checked who may have them
(a group's shared documents; Wagtail's own documents go through its view and
``core.middleware.DocumentHeadersMiddleware``).

The same headers as Wagtail's documents: always ``Content-Disposition:
attachment``, ``nosniff`` and a sandboxing Content-Security-Policy, so whatever
a file holds a browser saves it instead of running it on the site's origin; and
``Cache-Control: private, no-store`` so no proxy keeps a copy. The bytes come
from nginx (``X-Accel-Redirect`` through ``core.sendfile_nginx``) when
``SENDFILE_BACKEND`` says so, else from Django, streamed.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from .middleware import DOCUMENT_CSP


def attachment_response(
    request: HttpRequest, path: Path, filename: str
) -> HttpResponse:
    """``path`` (a file under ``MEDIA_ROOT/documents``) as a download named
    ``filename``."""
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if getattr(settings, "SENDFILE_BACKEND", "") == "core.sendfile_nginx":
        from .sendfile_nginx import sendfile

        response = sendfile(request, str(path))
        response["Content-Type"] = content_type
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    response["Cache-Control"] = "private, no-store"
    response.page_cache_exempt = True
    return response
