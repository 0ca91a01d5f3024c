"""The public side: "How to submit", the template downloads, the web form (the
same pipeline as email), and the email when the project file is published."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from submissions.models import Channel, Message, Submission
from submissions.tests.helpers import PDF

# Each test in a transaction rolled back at its end; the few that follow mail
# sent after commit run in real transactions (their own mark).
pytestmark = pytest.mark.django_db
AFTER_COMMIT = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOW_TO = {
    "ca": "/ca/envia-un-projecte/",
    "es": "/es/envia-un-proyecto/",
    "en": "/en/submit-a-project/",
}


@pytest.fixture(autouse=True)
def site(site_pages):
    return site_pages


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_how_to_page_explains_criteria_and_offers_the_three_templates(client, language):
    response = client.get(HOW_TO[language])
    assert response.status_code == 200
    html = response.content.decode()
    assert "observatori@localhost" in html  # the address to write to
    heading = {"ca": "Títol", "es": "Título", "en": "Title"}[language]
    assert heading in html  # the template in the page's language


def test_template_downloads_hold_the_headings_of_each_language(client):
    for code, heading in (("ca", "Entitat"), ("es", "Entidad"), ("en", "Entity")):
        text = client.get(f"/ca/envia-un-projecte/plantilla-{code}.txt").content
        assert heading in text.decode()
    assert client.get("/ca/envia-un-projecte/plantilla-xx.txt").status_code == 404


def _form_data(**extra):
    return {
        "name": "Núria Puig",
        "email": "nuria@vic.cat",
        "entity": "Ajuntament de Vic",
        "title": "Padró en línia",
        "text": "Títol: Padró en línia\nResum: Altes al padró sense cita.\n",
        **extra,
    }


@AFTER_COMMIT
def test_the_web_form_feeds_the_pipeline_and_acknowledges(client):
    upload = SimpleUploadedFile("memoria.pdf", PDF, content_type="application/pdf")
    response = client.post(
        "/ca/envia-un-projecte/formulari/", {**_form_data(), "files": [upload]}
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.channel == Channel.WEB
    assert submission.sender_email == "nuria@vic.cat"
    assert submission.subject == "Padró en línia"
    assert submission.language == "ca"
    stored = submission.messages.get()
    assert "Ajuntament de Vic" in stored.text and "Altes al padró" in stored.text
    assert stored.attachments.get().document is not None
    page = client.get(response["Location"])
    assert submission.reference in page.content.decode()
    assert len(mail.outbox) == 1 and submission.reference in mail.outbox[0].subject


def test_form_errors_keep_what_was_typed(client):
    data = _form_data(email="no-és-una-adreça")
    response = client.post("/ca/envia-un-projecte/formulari/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Padró en línia" in html and "Ajuntament de Vic" in html
    assert not Submission.objects.exists()


def test_the_form_needs_csrf_and_refuses_bots_quietly():
    strict = Client(enforce_csrf_checks=True)
    assert (
        strict.post("/ca/envia-un-projecte/formulari/", _form_data()).status_code == 403
    )
    response = Client().post(
        "/ca/envia-un-projecte/formulari/", _form_data(website="http://spam")
    )
    assert response.status_code == 302
    assert not Message.objects.exists() and mail.outbox == []


def test_the_form_is_limited_per_sender_address(client, settings):
    settings.SUBMISSIONS = {**settings.SUBMISSIONS, "WEB_PER_SENDER_PER_DAY": 2}
    for n in range(2):
        client.post("/ca/envia-un-projecte/formulari/", _form_data(title=f"P{n}"))
    upload = SimpleUploadedFile("memoria.pdf", PDF, content_type="application/pdf")
    blocked = client.post(
        "/ca/envia-un-projecte/formulari/",
        {**_form_data(title="P3"), "files": [upload]},
    )
    assert blocked.status_code == 429
    assert Submission.objects.count() == 2
    html = blocked.content.decode()
    assert "P3" in html  # kept, to send later or by email
    assert "memoria.pdf" in html  # named, to choose again
    # Another person in the same office may still send theirs.
    other = client.post(
        "/ca/envia-un-projecte/formulari/",
        _form_data(title="P4", email="jordi@vic.cat"),
    )
    assert other.status_code == 302
    assert Submission.objects.count() == 3


def test_a_shared_office_sends_for_several_towns(client, settings):
    """One connection, many senders: refused only past the per-connection
    ceiling (30 a day by default)."""
    settings.SUBMISSIONS = {**settings.SUBMISSIONS, "WEB_PER_IP_PER_DAY": 3}
    for n in range(3):
        response = client.post(
            "/en/submit-a-project/form/",
            _form_data(title=f"Poble {n}", email=f"poble{n}@ccosona.cat"),
        )
        assert response.status_code == 302
    blocked = client.post(
        "/en/submit-a-project/form/",
        _form_data(title="Poble 4", email="poble4@ccosona.cat"),
    )
    assert blocked.status_code == 429
    assert "This connection has already sent 3 projects today" in (
        blocked.content.decode()
    )


def test_an_invalid_form_names_the_files_to_choose_again(client):
    upload = SimpleUploadedFile("memoria.pdf", PDF, content_type="application/pdf")
    response = client.post(
        "/en/submit-a-project/form/",
        {**_form_data(email="not an address"), "files": [upload]},
    )
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "Your files were not sent. Choose them again before sending:" in html
    assert "<strong>memoria.pdf</strong>" in html
    assert not Submission.objects.exists()


def test_oversized_files_are_refused_by_the_form(client, settings):
    settings.SUBMISSIONS = {**settings.SUBMISSIONS, "MAX_ATTACHMENT_BYTES": 100}
    upload = SimpleUploadedFile("gran.pdf", PDF * 10, content_type="application/pdf")
    response = client.post(
        "/ca/envia-un-projecte/formulari/", {**_form_data(), "files": [upload]}
    )
    assert response.status_code == 200
    assert "gran.pdf" in response.content.decode()
    assert not Submission.objects.exists()
