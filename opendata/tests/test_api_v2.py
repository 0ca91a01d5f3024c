"""Wagtail's read-only API v2 at /api/v2/: project fields exposed, contacts never."""

import base64
import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail_factories import ImageFactory

from opendata.api import PROJECT_FIELDS
from project_pages.factories import ProjectPageFactory
from project_pages.interchange import page_to_record
from project_pages.models import ProjectPage

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "project_pages"
    / "tests"
    / "fixtures"
    / "projects.json"
)
PERSONAL = (
    "Núria Vilà",
    "nuria.vila@manlleu.example",
    "938 500 000",
    "Pere Solà",
    "pere.sola@ccosona.example",
    "Jordi Pérez",
    "jordi.perez@tarrega.example",
    "Marta Puig",
    "marta.puig0@ajuntament.example",
    "938 000 000",
    "Cap de servei",
)
PROJECTS = "/api/v2/pages/?type=project_pages.ProjectPage"


@pytest.fixture
def published(site_pages, project_index):
    """The sample file (with contacts) and a factory page with a contact."""
    call_command("import_projects", str(SAMPLE), stdout=StringIO())
    page = ProjectPageFactory(parent=project_index, title="Cita prèvia en línia")
    page.save_revision().publish()
    return ProjectPage.objects.live().count()


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.json()


def assert_no_personal_data(data) -> None:
    # Compared as written with and without \u escapes, so a test cannot pass by
    # way of an escaped "ú".
    for text in (json.dumps(data, ensure_ascii=False), json.dumps(data)):
        assert '"contacts"' not in text
        assert '"project_entities"' not in text
        for personal in PERSONAL:
            assert personal not in text, personal


def test_project_listing_exposes_the_project_fields_and_no_contacts(client, published):
    data = get_json(client, f"{PROJECTS}&fields=*&limit=20")
    assert data["meta"]["total_count"] == published == 5
    assert_no_personal_data(data)
    item = next(
        i for i in data["items"] if i["meta"]["slug"] == "assistent-virtual-padro"
    )
    assert item["meta"]["type"] == "project_pages.ProjectPage"
    assert item["title"] == "Assistent virtual per al padró"
    assert [e["name"] for e in item["entities"]] == [
        "Ajuntament de Manlleu",
        "Consell Comarcal d'Osona",
    ]
    assert item["areas"] == ["citizen_attention", "services_procedures"]
    assert item["phase"] == "production"
    assert item["savings"]["hours_per_year"] == 850.5
    assert item["technologies"][0] == {
        "name": "Rasa",
        "kind": "software",
        "open_source": True,
        "url": "https://rasa.com",
    }
    assert item["start_date"] == "2023-01-15"
    # The same values as the JSON export, field by field.
    record = page_to_record(ProjectPage.objects.get(pk=item["id"]), read_only=False)
    for key in PROJECT_FIELDS:
        if key in record:
            assert item[key] == record[key], key
    tallinn = next(
        i for i in data["items"] if i["meta"]["slug"] == "open-data-portal-tallinn"
    )
    assert tallinn["savings"] is None and tallinn["barriers"] == []


def test_project_detail_has_the_fields_and_no_contacts(client, published):
    page = ProjectPage.objects.get(title="Cita prèvia en línia")
    assert page.contacts.count() == 1
    data = get_json(client, f"/api/v2/pages/{page.pk}/")
    assert set(PROJECT_FIELDS) <= set(data)
    assert data["entities"] and data["summary"]
    assert data["meta"]["html_url"].endswith(f"/ca/projectes/{page.slug}/")
    assert_no_personal_data(data)
    # Asking for them is refused like any unknown field.
    for fields in ("contacts", "title,contacts", "project_entities"):
        error = get_json(client, f"/api/v2/pages/{page.pk}/?fields={fields}", 400)
        assert "unknown fields" in error["message"]
        error = get_json(client, f"{PROJECTS}&fields={fields}", 400)
        assert "unknown fields" in error["message"]


def test_drafts_unpublished_and_private_pages_are_absent(
    client, published, site_pages, project_index
):
    draft = ProjectPageFactory(parent=project_index, title="Esborrany mai publicat")
    draft.unpublish()
    live = ProjectPageFactory(parent=project_index, title="Títol publicat")
    live.save_revision().publish()
    live.title = "Títol pendent de revisió"
    live.save_revision()
    private_index = site_pages["projects"]["es"]
    PageViewRestriction.objects.create(
        page=private_index,
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    private = ProjectPageFactory(parent=private_index, title="Proyecto privado")
    private.save_revision().publish()

    data = get_json(client, f"{PROJECTS}&fields=*&limit=20")
    titles = [item["title"] for item in data["items"]]
    assert "Títol publicat" in titles
    for absent in ("Esborrany mai publicat", "Títol pendent de revisió"):
        assert absent not in json.dumps(data, ensure_ascii=False)
    assert "Proyecto privado" not in titles
    assert "Participación ciudadana con Decidim en Tàrrega" not in titles
    assert data["meta"]["total_count"] == published  # 5 + 1 live - 1 private
    for page in (draft, private):
        get_json(client, f"/api/v2/pages/{page.pk}/", 404)
    for page in (draft, private):
        untyped = get_json(client, f"/api/v2/pages/?id={page.pk}")
        assert untyped["meta"]["total_count"] == 0


def test_project_files_can_be_filtered_by_their_fields(
    client, published, project_index
):
    page = ProjectPageFactory(
        parent=project_index,
        title="Teleassistència",
        phase="pilot",
        areas=["social_services", "citizen_attention"],
    )
    page.save_revision().publish()
    pilots = ProjectPage.objects.live().filter(phase="pilot")
    data = get_json(client, f"{PROJECTS}&phase=pilot")
    assert data["meta"]["total_count"] == pilots.count() < published + 1
    data = get_json(client, f"{PROJECTS}&areas=social_services&fields=areas")
    assert [item["title"] for item in data["items"]] == ["Teleassistència"]
    assert data["items"][0]["areas"] == ["citizen_attention", "social_services"]


def test_listing_costs_the_same_queries_for_more_projects(client, project_index):
    for _ in range(2):
        ProjectPageFactory(parent=project_index).save_revision().publish()
    url = f"{PROJECTS}&fields=*"
    client.get(url)  # warm Wagtail's site caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(4):
        ProjectPageFactory(parent=project_index).save_revision().publish()
    client.get(url)
    with CaptureQueriesContext(connection) as more:
        data = client.get(url).json()
    assert data["meta"]["total_count"] == 6
    assert len(more) == len(few)


def test_other_pages_are_listed_with_wagtail_defaults(client, published):
    data = get_json(client, "/api/v2/pages/?limit=20")
    types = {item["meta"]["type"] for item in data["items"]}
    assert {"project_pages.HomePage", "project_pages.ProjectPage"} <= types
    assert_no_personal_data(data)


def test_images_and_documents_outside_private_collections(client, site_pages):
    from submissions.attachments import collection

    Document = get_document_model()
    public = Document.objects.create(
        title="Guia per als amfitrions",
        file=ContentFile(b"%PDF-1.4 guia", name="guia.pdf"),
    )
    Document.objects.create(
        title="Adjunt d'una proposta",
        file=ContentFile(b"%PDF-1.4 privat", name="privat.pdf"),
        collection=collection(),
    )
    ImageFactory(title="Foto del pilot")
    ImageFactory(title="Foto adjunta a una proposta", collection=collection())

    documents = get_json(client, "/api/v2/documents/")
    assert [d["title"] for d in documents["items"]] == ["Guia per als amfitrions"]
    assert documents["items"][0]["meta"]["download_url"].endswith(public.url)
    images = get_json(client, "/api/v2/images/")
    assert [i["title"] for i in images["items"]] == ["Foto del pilot"]


def test_http_basic_credentials_are_ignored(client, published, site_pages):
    """Only the site's login opens restricted pages: no password guessing here."""
    get_user_model().objects.create_user("editor", "editor@example.org", "pw-1234-x")
    PageViewRestriction.objects.create(
        page=site_pages["projects"]["es"],
        restriction_type=PageViewRestriction.LOGIN,
    )
    credentials = base64.b64encode(b"editor:pw-1234-x").decode()
    response = client.get(
        f"{PROJECTS}&fields=title", headers={"Authorization": f"Basic {credentials}"}
    )
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert "Participación ciudadana con Decidim en Tàrrega" not in titles
    client.login(username="editor", password="pw-1234-x")
    titles = [item["title"] for item in get_json(client, f"{PROJECTS}")["items"]]
    assert "Participación ciudadana con Decidim en Tàrrega" in titles
