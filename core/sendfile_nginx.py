"""A ``SENDFILE_BACKEND`` for Wagtail's document view when nginx is in front.

Wagtail checks who may download a document (collection privacy, the hooks) and
then hands the file to a sendfile backend. This one answers with headers only:
``X-Accel-Redirect`` names the file under nginx's ``internal`` location
(``SENDFILE_URL``, mapped to ``SENDFILE_ROOT``), and nginx sends the bytes, so a
large download never holds a gunicorn worker. The same contract as
django-sendfile's nginx backend, without the package (decision 0018).
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse


class AccelRedirectResponse(HttpResponse):
    """Headers only. Wagtail sets ``Content-Length`` to the file's size after the
    backend returns: from gunicorn that would announce bytes that never come (nginx
    sends the file with its own length), so it is left out."""

    def __setitem__(self, header: str, value) -> None:
        if header.lower() != "content-length":
            super().__setitem__(header, value)


def sendfile(request: HttpRequest, filename: str, **kwargs) -> HttpResponse:
    root = Path(settings.SENDFILE_ROOT).resolve()
    path = Path(filename).resolve()
    if not path.is_relative_to(root):
        # Only files under the internal location can be handed to nginx.
        raise Http404("The file is outside SENDFILE_ROOT.")
    response = AccelRedirectResponse()
    url = settings.SENDFILE_URL.rstrip("/") + "/" + path.relative_to(root).as_posix()
    response["X-Accel-Redirect"] = quote(url)
    return response
