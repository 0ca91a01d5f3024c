"""Open data: /opendata/projects.json, .csv, .zip, the DCAT-AP record, the page."""

import csv
import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator
from wagtail.models import PageViewRestriction

from opendata import datasets as opendata
from project_pages.factories import EntityFactory, ProjectPageFactory
from project_pages.interchange import READ_ONLY_FIELDS, SCHEMA_PATH
from project_pages.models import Entity, ProjectPage

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "project_pages"
    / "tests"
    / "fixtures"
    / "projects.json"
)
# Contacts of the sample file and of the factory: personal data, never published.
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
DOCUMENTED_COLUMNS = [
    "id",
    "url",
    "language",
    "slug",
    "title",
    "summary",
    "lead_entity",
    "lead_entity_kind",
    "lead_entity_municipality",
    "lead_entity_region",
    "lead_entity_country",
    "lead_entity_population",
    "lead_entity_latitude",
    "lead_entity_longitude",
    "entities",
    "description",
    "value",
    "savings_eur_per_year",
    "savings_hours_per_year",
    "savings_notes",
    "barriers",
    "benefits",
    "technologies",
    "open_source_technologies",
    "methodology",
    "phase",
    "start_date",
    "end_date",
    "plan",
    "scope",
    "general_objectives",
    "operational_objectives",
    "milestones",
    "areas",
    "transformation_types",
    "tags",
    "documentation_urls",
    "first_published",
    "last_published",
]


# Transactional: the files are built and streamed as in production (autocommit),
# not inside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _export_dir(settings, tmp_path):
    """Each test builds its files in a directory of its own."""
    settings.OBSERVATORY_OPEN_DATA_DIR = tmp_path / "opendata"


def export_projects(*args) -> str:
    out = StringIO()
    call_command("export_projects", *args, stdout=out)
    return out.getvalue()


def import_projects(path) -> str:
    out = StringIO()
    call_command("import_projects", str(path), stdout=out)
    return out.getvalue()


def without_read_only(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in READ_ONLY_FIELDS} for r in records]


def download(client, url: str, **headers):
    response = client.get(url, headers=headers)
    if response.status_code == 200:
        response.body = b"".join(response.streaming_content)
        response.close()
    return response


def files(client) -> dict[str, bytes]:
    """The three files' bytes, and every member of the ZIP as zip/<name>."""
    found = {}
    for name in ("projects.json", "projects.csv", "projects.zip"):
        response = download(client, f"/opendata/{name}")
        assert response.status_code == 200
        found[name] = response.body
    with zipfile.ZipFile(io.BytesIO(found["projects.zip"])) as archive:
        for member in archive.namelist():
            found[f"zip/{member}"] = archive.read(member)
    return found


def texts(found: dict[str, bytes]):
    """Every readable file: the JSON, the CSV and the ZIP's members (the ZIP
    itself is compressed: its members are read instead)."""
    return [
        (name, content) for name, content in found.items() if name != "projects.zip"
    ]


def text_of(content: bytes) -> str:
    return content.decode("utf-8-sig")


def csv_rows(body: bytes) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


@pytest.fixture
def published(site_pages, project_index):
    """The sample file (four project files with contacts) and a factory page with
    a contact, all published."""
    import_projects(SAMPLE)
    # A Spanish entity, named: the factory's default place (and so its country)
    # depends on how many entities earlier tests made.
    entity = EntityFactory(
        name="Ajuntament de Manlleu", municipality="Manlleu", country="ES"
    )
    page = ProjectPageFactory(
        parent=project_index, title="Cita prèvia en línia", entities=[entity]
    )
    page.save_revision().publish()
    return ProjectPage.objects.live().count()


@pytest.fixture
def hidden(site_pages, project_index):
    """What must never be published: a draft, an unpublished page, unpublished
    changes of a live page, and a page in a private section."""
    draft = ProjectPageFactory(parent=project_index, title="Esborrany mai publicat")
    draft.unpublish()
    withdrawn = ProjectPageFactory(parent=project_index, title="Fitxa retirada")
    withdrawn.save_revision().publish()
    withdrawn.unpublish()
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
    return {
        "titles": [
            "Esborrany mai publicat",
            "Fitxa retirada",
            "Títol pendent de revisió",
            "Proyecto privado",
        ],
        "slugs": [draft.slug, withdrawn.slug, private.slug],
        "live_title": "Títol publicat",
    }


# JSON -----------------------------------------------------------------------


def test_json_validates_against_the_schema_and_equals_export_projects(
    client, published
):
    response = download(client, "/opendata/projects.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="projects.json"'
    assert response["ETag"] and response["Last-Modified"]
    records = json.loads(response.body)
    assert len(records) == published == 5
    validator = Draft202012Validator(
        json.loads(SCHEMA_PATH.read_text(encoding="utf-8")),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    for record in without_read_only(records):
        assert list(validator.iter_errors(record)) == []
    # The same bytes as the management command, when no section is private.
    assert response.body.decode("utf-8") == export_projects()


def test_json_round_trips_through_import_projects(client, published, tmp_path):
    first = download(client, "/opendata/projects.json").body
    path = tmp_path / "projects.json"
    path.write_bytes(first)
    ProjectPage.objects.all().delete()
    assert ProjectPage.objects.count() == 0
    assert "created 5" in import_projects(path)
    second = download(client, "/opendata/projects.json").body
    assert second != first  # new ids, new publication dates
    assert without_read_only(json.loads(second)) == without_read_only(json.loads(first))


def test_an_empty_site_exports_an_empty_array_and_a_header(client, site_pages):
    found = files(client)
    assert json.loads(found["projects.json"]) == []
    fieldnames, rows = csv_rows(found["projects.csv"])
    assert fieldnames == DOCUMENTED_COLUMNS and rows == []


# CSV ------------------------------------------------------------------------


def test_csv_has_the_documented_columns_and_one_row_per_project(client, published):
    response = download(client, "/opendata/projects.csv")
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="projects.csv"'
    assert response.body.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    fieldnames, rows = csv_rows(response.body)
    assert fieldnames == DOCUMENTED_COLUMNS == list(opendata.CSV_COLUMNS)
    assert len(rows) == published
    records = json.loads(download(client, "/opendata/projects.json").body)
    assert [row["slug"] for row in rows] == [r["slug"] for r in records]
    padro = next(row for row in rows if row["slug"] == "assistent-virtual-padro")
    assert padro["title"] == "Assistent virtual per al padró"
    assert padro["lead_entity"] == "Ajuntament de Manlleu"
    assert padro["lead_entity_population"] == "21000"
    assert padro["entities"] == "Ajuntament de Manlleu | Consell Comarcal d'Osona"
    assert padro["areas"] == "citizen_attention | services_procedures"
    assert padro["savings_eur_per_year"] == "12000"
    assert padro["savings_hours_per_year"] == "850.5"
    assert padro["technologies"] == "Rasa | Disseny centrat en l'usuari"
    assert padro["open_source_technologies"] == "Rasa"
    assert padro["start_date"] == "2023-01-15"
    # Multi-line text stays in one cell.
    assert padro["description"].count("\n\n") == 1
    tallinn = next(row for row in rows if row["slug"] == "open-data-portal-tallinn")
    assert tallinn["lead_entity_country"] == "EE"
    assert tallinn["savings_eur_per_year"] == ""


def test_a_pipe_inside_a_list_item_cannot_split_it(client, project_index):
    page = ProjectPageFactory(parent=project_index, tag_names=["RPA | bots", "IA"])
    page.save_revision().publish()
    _fields, (row,) = csv_rows(download(client, "/opendata/projects.csv").body)
    assert row["tags"].split(" | ") == ["IA", "RPA / bots"]


# ZIP ------------------------------------------------------------------------


def test_zip_holds_both_files_the_dictionary_and_the_licence(client, published):
    response = download(client, "/opendata/projects.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="projects.zip"'
    found = files(client)
    assert {
        "zip/projects.json",
        "zip/projects.csv",
        "zip/data-dictionary.csv",
        "zip/README.md",
        "zip/project-file.schema.json",
    } <= set(found)
    assert found["zip/projects.json"] == found["projects.json"]
    assert found["zip/projects.csv"] == found["projects.csv"]
    assert found["zip/project-file.schema.json"] == SCHEMA_PATH.read_bytes()
    _fields, dictionary = csv_rows(found["zip/data-dictionary.csv"])
    assert [row["column"] for row in dictionary] == DOCUMENTED_COLUMNS
    assert all(row["description"] for row in dictionary)
    phase = next(row for row in dictionary if row["column"] == "phase")
    assert phase["codes"] == "prototype | pilot | production"
    readme = found["zip/README.md"].decode("utf-8")
    assert "https://creativecommons.org/licenses/by/4.0/" in readme
    assert "CC BY 4.0" in readme
    assert "5 project files" in readme


def test_the_licence_is_a_setting(client, settings, published):
    settings.OBSERVATORY_OPEN_DATA_LICENCE = {
        "name": "Open Data Commons Attribution (ODC-By)",
        "url": "https://opendatacommons.org/licenses/by/1-0/",
    }
    found = files(client)
    assert "ODC-By" in found["zip/README.md"].decode("utf-8")
    record = client.get("/opendata/catalog.jsonld").json()
    assert record["dct:license"]["@id"] == (
        "https://opendatacommons.org/licenses/by/1-0/"
    )
    page = client.get("/en/open-data/").content.decode()
    assert "Open Data Commons Attribution (ODC-By)" in page


# What is never published ------------------------------------------------------


def test_contacts_never_appear_in_any_file(client, published):
    assert ProjectPage.objects.get(slug="assistent-virtual-padro").contacts.count()
    assert ProjectPage.objects.get(title="Cita prèvia en línia").contacts.count()
    found = files(client)
    assert len(found) >= 8
    for name in ("projects.json", "zip/projects.json"):
        assert all("contacts" not in r for r in json.loads(found[name]))
    for name, content in texts(found):
        text = text_of(content)
        for personal in PERSONAL:
            assert personal not in text, (name, personal)


def test_drafts_unpublished_and_private_pages_never_appear(client, published, hidden):
    found = files(client)
    records = json.loads(found["projects.json"])
    _fields, rows = csv_rows(found["projects.csv"])
    assert hidden["live_title"] in [r["title"] for r in records]
    assert hidden["live_title"] in [row["title"] for row in rows]
    # The Spanish sample record is under the private Spanish index too.
    assert "participacion-ciudadana-con-decidim-en-tarrega" not in [
        r["slug"] for r in records
    ]
    assert len(records) == len(rows) == published  # 5 + 1 live - 1 private
    for name, content in texts(found):
        text = text_of(content)
        for title in hidden["titles"]:
            assert title not in text, (name, title)
        for slug in hidden["slugs"]:
            assert f"/{slug}/" not in text, (name, slug)


# Caching ------------------------------------------------------------------------


def test_files_are_built_once_and_rebuilt_when_content_changes(
    client, published, project_index, django_assert_num_queries
):
    first = download(client, "/opendata/projects.json")
    etag = first["ETag"]
    with django_assert_num_queries(0):
        again = download(client, "/opendata/projects.csv")
    assert again.status_code == 200 and again["ETag"] == etag
    not_modified = client.get(
        "/opendata/projects.json", headers={"If-None-Match": etag}
    )
    assert not_modified.status_code == 304
    page = ProjectPageFactory(parent=project_index, title="Fitxa nova")
    page.save_revision().publish()
    changed = download(client, "/opendata/projects.json", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Fitxa nova" in changed.body.decode()


def test_an_entity_edit_reaches_the_files_without_a_new_publication(client, published):
    before = download(client, "/opendata/projects.csv").body.decode("utf-8-sig")
    assert "Ajuntament de Manlleu" in before
    entity = Entity.objects.get(name="Ajuntament de Manlleu")
    entity.name = "Ajuntament de Manlleu (Osona)"
    entity.save()
    after = download(client, "/opendata/projects.csv").body.decode("utf-8-sig")
    assert "Ajuntament de Manlleu (Osona)" in after


# DCAT-AP ------------------------------------------------------------------------


def _languages(values: list[dict]) -> set[str]:
    assert all(value["@value"] for value in values)
    return {value["@language"] for value in values}


def test_catalogue_is_dcat_ap_json_ld(client, published):
    response = client.get("/opendata/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    record = json.loads(response.content)
    context = record["@context"]
    assert context["dcat"] == "http://www.w3.org/ns/dcat#"
    assert context["dct"] == "http://purl.org/dc/terms/"
    assert record["@type"] == "dcat:Catalog"
    # Catalogue, mandatory in DCAT-AP: title, description, publisher, dataset.
    assert _languages(record["dct:title"]) == {"ca", "es", "en"}
    assert _languages(record["dct:description"]) == {"ca", "es", "en"}
    assert record["dct:publisher"]["@type"] == "foaf:Agent"
    assert record["dct:publisher"]["foaf:name"]
    (dataset,) = record["dcat:dataset"]
    # Dataset, mandatory: title, description.
    assert dataset["@type"] == "dcat:Dataset"
    assert _languages(dataset["dct:title"]) == {"ca", "es", "en"}
    assert _languages(dataset["dct:description"]) == {"ca", "es", "en"}
    assert dataset["dct:publisher"]["@id"] == record["dct:publisher"]["@id"]
    keywords = {(k["@language"], k["@value"]) for k in dataset["dcat:keyword"]}
    assert ("en", "Citizen attention") in keywords
    assert ("ca", "Atenció ciutadana") in keywords
    spatial = {place["@id"].rsplit("/", 1)[-1] for place in dataset["dct:spatial"]}
    assert spatial == {"ESP", "EST"}
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2023-01-15"
    assert dataset["dct:modified"]["@value"]
    assert dataset["dct:issued"]["@value"]
    licence = "https://creativecommons.org/licenses/by/4.0/"
    assert record["dct:license"]["@id"] == licence
    # Distributions, mandatory: accessURL; and each must really download.
    distributions = dataset["dcat:distribution"]
    formats = {d["dct:format"]["@id"].rsplit("/", 1)[-1]: d for d in distributions}
    assert set(formats) == {"JSON", "CSV", "ZIP"}
    for file_type, distribution in formats.items():
        assert distribution["@type"] == "dcat:Distribution"
        assert distribution["dct:license"]["@id"] == licence
        assert distribution["dcat:mediaType"]["@id"].startswith(
            "https://www.iana.org/assignments/media-types/"
        )
        url = distribution["dcat:accessURL"]["@id"]
        assert url == distribution["dcat:downloadURL"]["@id"]
        assert url.startswith("http://testserver/opendata/projects.")
        assert url.endswith(file_type.lower())
        assert download(client, url.removeprefix("http://testserver")).status_code == (
            200
        )
    assert formats["JSON"]["dct:conformsTo"]["@id"].endswith(
        "/opendata/project-file.schema.json"
    )
    assert client.get("/opendata/project-file.schema.json").status_code == 200


# The page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/ca/dades-obertes/", "Dades obertes"),
        ("/es/datos-abiertos/", "Datos abiertos"),
        ("/en/open-data/", "Open data"),
    ],
)
def test_open_data_page_links_the_files_and_the_catalogue(
    client, published, url, heading
):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    head = html.split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/ld+json" title="DCAT-AP" '
        'href="/opendata/catalog.jsonld">'
    ) in head
    for name in ("projects.json", "projects.csv", "projects.zip"):
        assert f'href="/opendata/{name}"' in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html
    assert "lead_entity_population" in html
    # The language switcher leads to the same page in the other languages.
    assert 'href="/es/datos-abiertos/"' in html or url.startswith("/es/")


def test_opendata_root_redirects_to_the_page(client, site_pages):
    response = client.get("/opendata/", headers={"Accept-Language": "es"})
    assert response.status_code == 302
    assert response["Location"] == "/es/datos-abiertos/"
