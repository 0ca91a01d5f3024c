"""Uploaded files never run on the site's origin.

An HTML page or an SVG carrying a script, attached to the public form or to an
email, is refused or set aside (never stored); a document the site does hold
leaves only through Wagtail's document view, as a download, with a sandboxing
Content-Security-Policy and ``nosniff``; nothing under MEDIA_ROOT/documents is
served at any address of the site.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, get_resolver
from wagtail.documents import get_document_model

from submissions.ingest import ingest
from submissions.models import Attachment, Submission
from submissions.tests.helpers import message

pytestmark = pytest.mark.django_db

EVIL_HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
EVIL_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)'
    b"</script></svg>"
)
FORM_URL = "/en/submit-a-project/form/"


def _form_data(**extra):
    return {
        "name": "Núria Puig",
        "email": "nuria@vic.cat",
        "entity": "Ajuntament de Vic",
        "title": "Padró en línia",
        "text": "Títol: Padró en línia\nResum: Altes al padró des de casa.",
        **extra,
    }


def test_the_form_refuses_html_and_svg_and_says_which(client, site_pages):
    uploads = [
        SimpleUploadedFile("page.html", EVIL_HTML, content_type="text/html"),
        SimpleUploadedFile("logo.svg", EVIL_SVG, content_type="image/svg+xml"),
    ]
    response = client.post(FORM_URL, {**_form_data(), "files": uploads})
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "page.html, logo.svg: files of these types are not accepted." in text
    assert 'value="Padró en línia"' in text  # what was typed is kept
    assert not Submission.objects.exists()
    assert not get_document_model().objects.exists()
    html = client.get(FORM_URL).content.decode()
    accept = re.search(r'accept="([^"]+)"', html).group(1).split(",")
    assert ".pdf" in accept and ".html" not in accept and ".svg" not in accept


def test_an_email_with_html_and_svg_keeps_the_message_not_the_files(site_pages):
    ingest(
        message(
            attachments=[
                ("page.html", EVIL_HTML, "text/html"),
                ("logo.svg", EVIL_SVG, "image/svg+xml"),
                ("memoria.txt", b"Memoria del projecte.", "text/plain"),
            ]
        ),
        source="imap",
    )
    submission = Submission.objects.get()
    rows = {
        a.filename: a for a in Attachment.objects.filter(message__submission=submission)
    }
    assert rows["page.html"].document is None
    assert rows["page.html"].dropped == "Files of type .html are not accepted."
    assert rows["logo.svg"].document is None and rows["logo.svg"].image is None
    assert rows["memoria.txt"].document is not None
    names = [d.file.name for d in get_document_model().objects.all()]
    assert not [n for n in names if n.endswith((".html", ".svg"))]


@pytest.mark.parametrize(
    ("name", "content"), [("old.html", EVIL_HTML), ("old.svg", EVIL_SVG)]
)
def test_a_held_document_is_only_ever_a_download(admin_client, name, content):
    """A document stored before these rules (or by any other way) still cannot
    run: its URL answers a download in a sandbox, and its file's own path is
    not served."""
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    assert document.url.startswith("/documents/")
    response = admin_client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Client().get(f"/media/{document.file.name}").status_code == 404


def test_media_documents_are_not_served_even_in_development(settings):
    from cms.urls import media_urlpatterns

    settings.DEBUG = True
    patterns = media_urlpatterns()
    assert patterns  # images are, in development
    for path in ("media/documents/old.html", "media/documents/x/old.svg"):
        assert not any(p.resolve(path) for p in patterns)
    assert any(p.resolve("media/images/photo.png") for p in patterns)
    with pytest.raises(Resolver404):
        get_resolver().resolve("/media/documents/old.html")
