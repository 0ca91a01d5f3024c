"""Response headers the whole site relies on."""

from django.middleware.gzip import GZipMiddleware

DOCUMENT_CSP = "default-src 'none'; sandbox"


class DocumentHeadersMiddleware:
    """Documents (Wagtail's ``/documents/<id>/<name>``) are downloads, never pages:
    whatever a file holds (an HTML page, an SVG with a script), a browser saves
    it instead of running it on the site's origin. Wagtail already answers with
    ``Content-Disposition: attachment`` (WAGTAILDOCS_INLINE_CONTENT_TYPES is
    empty); this makes sure of it and adds a sandboxing Content-Security-Policy
    and ``nosniff``."""

    prefix = "/documents/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response["Content-Security-Policy"] = DOCUMENT_CSP
            response["X-Content-Type-Options"] = "nosniff"
            disposition = response.get("Content-Disposition", "")
            if response.status_code == 200 and not disposition.startswith("attachment"):
                name = disposition.partition(";")[2].strip()
                response["Content-Disposition"] = "attachment" + (
                    f"; {name}" if name else ""
                )
        return response


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip, for text only (HTML, JSON, XML, CSS, JavaScript, plain
    text, iCalendar): images, ZIPs and PDFs are compressed already, and documents
    keep their exact bytes. Static files never get here (WhiteNoise answers them
    before, with its own precompressed copies). Django's gzip adds random bytes
    to each response against BREACH, and CSRF tokens are masked per request."""

    compressible = (
        "text/",
        "application/json",
        "application/xml",
        "application/javascript",
        "application/ld+json",
        "application/rss+xml",
        "application/atom+xml",
        "image/svg+xml",
    )

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(self.compressible):
            return response
        return super().process_response(request, response)
