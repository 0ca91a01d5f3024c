"""import_projects / export_projects: the JSON interchange of project files."""

import copy
import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from jsonschema import Draft202012Validator
from wagtail.documents import get_document_model
from wagtail.models import Revision
from wagtail_factories import ImageFactory

from project_pages.factories import EntityFactory, ProjectPageFactory
from project_pages.interchange import READ_ONLY_FIELDS, SCHEMA_PATH, derive_slug
from project_pages.models import Entity, ProjectPage

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "projects.json"
SHARED_SCHEMA = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "formats"
    / "project-file.schema.json"
)


@pytest.fixture
def sample_records() -> list[dict]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def write_json(tmp_path):
    """Write records (or raw text) to a file and return its path."""

    def write(data, name: str = "projects.json") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def import_file(path, *args) -> str:
    out = StringIO()
    call_command("import_projects", str(path), *args, stdout=out)
    return out.getvalue()


def export(*args) -> str:
    out = StringIO()
    call_command("export_projects", *args, stdout=out)
    return out.getvalue()


def import_error(path) -> str:
    with pytest.raises(CommandError) as excinfo:
        import_file(path)
    return str(excinfo.value)


def without_read_only(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in READ_ONLY_FIELDS} for r in records]


@pytest.fixture
def imported(site_pages):
    """The sample file, imported once into the fresh site tree."""
    output = import_file(SAMPLE)
    return output


# Import -------------------------------------------------------------------


def test_import_creates_live_pages_with_every_section(imported, site_pages):
    assert "created 4, updated 0, unchanged 0" in imported
    page = ProjectPage.objects.get(slug="assistent-virtual-padro")
    assert page.live and page.live_revision is not None
    assert page.get_parent().specific == site_pages["projects"]["ca"]
    assert page.title == "Assistent virtual per al padró"
    assert page.summary.startswith("Un xatbot respon")
    assert [e.name for e in page.ordered_entities()] == [
        "Ajuntament de Manlleu",
        "Consell Comarcal d'Osona",
    ]
    assert page.lead_entity.population == 21000
    contacts = list(page.contacts.order_by("sort_order"))
    assert [c.name for c in contacts] == ["Núria Vilà i Comas", "Pere Solà"]
    assert contacts[1].entity.name == "Consell Comarcal d'Osona"
    assert page.savings_amount_eur == Decimal("12000")
    assert page.savings_hours == Decimal("850.5")
    assert [b.block_type for b in page.analysis] == [
        "barrier",
        "barrier",
        "benefit",
        "technology",
        "technology",
        "methodology",
    ]
    assert page.barriers()[1].value["mitigation"].startswith("Un inventari")
    assert page.technologies()[0].value["open_source"] == "yes"
    assert page.general_objectives() == ["Millorar l'atenció ciutadana."]
    assert len(page.operational_objectives()) == 2
    milestone = page.milestones[0].value
    assert milestone["end"] == datetime.date(2023, 6, 30)
    assert milestone["status"] == "done"
    assert [b.block_type for b in page.documentation] == ["video", "link", "link"]
    assert page.documentation[2].value["kind"] == "presentation"
    assert sorted(a.code for a in page.areas.all()) == [
        "citizen_attention",
        "services_procedures",
    ]
    assert [t.code for t in page.transformation_types.all()] == ["service_journey"]
    assert sorted(t.name for t in page.tags.all()) == [
        "intel·ligència artificial",
        "xatbot",
    ]
    assert page.start_date == datetime.date(2023, 1, 15)
    assert page.phase == "production"


def test_missing_slug_is_derived_from_the_title_without_accents(imported):
    page = ProjectPage.objects.get(title="Tràmits en 24 hores a l'Hospitalet")
    assert page.slug == "tramits-en-24-hores-a-l-hospitalet"
    assert derive_slug("Participación ciudadana con Decidim en Tàrrega") == (
        "participacion-ciudadana-con-decidim-en-tarrega"
    )


def test_spanish_and_english_records_land_under_their_language_index(
    imported, site_pages
):
    spanish = ProjectPage.objects.get(
        slug="participacion-ciudadana-con-decidim-en-tarrega"
    )
    assert spanish.locale.language_code == "es"
    assert spanish.get_parent().specific == site_pages["projects"]["es"]
    assert "/es/" in spanish.get_full_url()
    english = ProjectPage.objects.get(slug="open-data-portal-tallinn")
    assert english.get_parent().specific == site_pages["projects"]["en"]


def test_reimport_updates_nothing_and_creates_no_revision(imported):
    pages = ProjectPage.objects.count()
    revisions = Revision.objects.count()
    output = import_file(SAMPLE)
    assert "created 0, updated 0, unchanged 4" in output
    assert ProjectPage.objects.count() == pages == 4
    assert Revision.objects.count() == revisions


def test_reimport_of_a_changed_record_updates_the_same_page(
    imported, sample_records, write_json
):
    page = ProjectPage.objects.get(slug="assistent-virtual-padro")
    sample_records[0]["summary"] = "Resum nou."
    sample_records[0]["phase"] = "pilot"
    output = import_file(write_json(sample_records))
    assert "created 0, updated 1, unchanged 3" in output
    page.refresh_from_db()
    assert (page.summary, page.phase) == ("Resum nou.", "pilot")
    assert ProjectPage.objects.filter(slug="assistent-virtual-padro").count() == 1
    assert not page.has_unpublished_changes


def test_same_slug_in_two_languages_gives_two_pages(
    site_pages, sample_records, write_json
):
    catalan = sample_records[3] | {"language": "ca", "title": "Dades obertes"}
    import_file(write_json([sample_records[3], catalan]))
    pages = ProjectPage.objects.filter(slug="open-data-portal-tallinn")
    assert sorted(p.locale.language_code for p in pages) == ["ca", "en"]


def test_draft_option_saves_unpublished_pages(site_pages, write_json, sample_records):
    import_file(write_json(sample_records[:1]), "--draft")
    page = ProjectPage.objects.get(slug="assistent-virtual-padro")
    assert not page.live
    assert json.loads(export()) == []
    assert [r["slug"] for r in json.loads(export("--include-drafts"))] == [
        "assistent-virtual-padro"
    ]
    assert "unchanged 1" in import_file(write_json(sample_records[:1]), "--draft")
    assert "updated 1" in import_file(write_json(sample_records[:1]))
    page.refresh_from_db()
    assert page.live


# Validation ---------------------------------------------------------------


def test_every_error_is_listed_with_record_and_field_and_nothing_is_written(
    site_pages, sample_records, write_json
):
    entities_before = Entity.objects.count()
    bad = copy.deepcopy(sample_records)
    bad[0]["entities"][0]["country"] = "es"
    bad[0]["contacts"][0]["email"] = "not-an-address"
    bad[0]["contacts"][1]["entity"] = "Ajuntament de Vic"
    bad[1]["start_date"] = "2024-13-01"
    bad[1]["documentation"] = [{"kind": "article", "url": "not a uri"}]
    del bad[2]["phase"]
    bad[2]["areas"] = ["citizen_attention", "bogus"]
    bad[3]["end_date"] = "2020-01-01"
    bad[3]["start_date"] = "2021-01-01"
    bad[3]["milestones"] = [
        {"name": "Fase 1", "start": "2022-05-01", "end": "2022-04-01"}
    ]
    message = import_error(write_json(bad))
    expected = [
        'record 0 ("Assistent virtual per al padró"): entities[0].country: '
        "'es' does not match '^[A-Z]{2}$'",
        'record 0 ("Assistent virtual per al padró"): contacts[1].entity: '
        "'Ajuntament de Vic' is not one of this record's entities",
        'record 1 ("Tràmits en 24 hores a l\'Hospitalet"): start_date: '
        "'2024-13-01' is not a 'date'",
        'record 1 ("Tràmits en 24 hores a l\'Hospitalet"): documentation[0].url: '
        "'not a uri' is not a 'uri'",
        'record 2 ("Participación ciudadana con Decidim en Tàrrega"): '
        "'phase' is a required property",
        'record 2 ("Participación ciudadana con Decidim en Tàrrega"): areas[1]: '
        "'bogus' is not one of",
        'record 3 ("Open data portal of Tallinn"): end_date: 2020-01-01 is before '
        "start_date 2021-01-01",
        'record 3 ("Open data portal of Tallinn"): milestones[0].end: ',
    ]
    for line in expected:
        assert line in message
    # Django's email check is stricter than the schema's, and is reported too.
    assert "contacts[0].email" in message
    assert ProjectPage.objects.count() == 0
    assert Entity.objects.count() == entities_before


def test_a_bad_last_record_stops_the_whole_import(
    site_pages, sample_records, write_json
):
    sample_records[-1]["entities"][0]["latitude"] = 123
    message = import_error(write_json(sample_records))
    assert "record 3" in message and "entities[0].latitude" in message
    assert "record 0" not in message
    assert ProjectPage.objects.count() == 0
    assert not Entity.objects.filter(name="Ajuntament de Manlleu").exists()


def test_duplicate_slugs_in_one_language_are_refused(
    site_pages, sample_records, write_json
):
    twin = sample_records[1] | {"summary": "Una altra fitxa amb el mateix títol."}
    message = import_error(write_json([sample_records[1], twin]))
    assert (
        'record 1 ("Tràmits en 24 hores a l\'Hospitalet"): slug: '
        "'tramits-en-24-hores-a-l-hospitalet' is already used by record 0"
    ) in message
    assert ProjectPage.objects.count() == 0


def test_model_limits_the_schema_cannot_express_are_reported(
    site_pages, sample_records, write_json
):
    record = sample_records[3]
    record["plan"] = "P" * 300
    record["savings"] = {"amount_eur_per_year": 10.125}
    record["entities"].append(dict(record["entities"][0]))
    record["tags"] = ["x" * 101]
    message = import_error(write_json([record]))
    for path in (
        "plan:",
        "savings.amount_eur_per_year:",
        "entities[1]: repeats",
        "tags[0]:",
    ):
        assert f'record 0 ("Open data portal of Tallinn"): {path}' in message


def test_invalid_json_reports_line_and_column(site_pages, write_json):
    path = write_json('[\n  {"title": "Fitxa",\n   "phase" "pilot"}\n]')
    message = import_error(path)
    assert "is not valid JSON" in message
    assert "line 3, column 12" in message


def test_a_file_that_is_not_an_array_is_refused(site_pages, write_json):
    assert "must hold a JSON array" in import_error(write_json({"title": "x"}))


def test_a_missing_file_is_reported(site_pages, tmp_path):
    assert "no such file" in import_error(tmp_path / "absent.json")


def test_read_only_fields_of_an_export_are_accepted(
    site_pages, sample_records, write_json
):
    record = sample_records[3] | {
        "id": 999,
        "url": "http://elsewhere/en/projects/x/",
        "first_published": "2024-01-01T00:00:00+00:00",
        "last_published": None,
    }
    assert "created 1" in import_file(write_json([record]))
    assert ProjectPage.objects.get().pk != 999


# Entities and contacts ----------------------------------------------------


def test_new_entities_are_created_and_known_ones_reused(
    site_pages, sample_records, write_json
):
    known = EntityFactory(
        name="Ajuntament de Manlleu",
        country="ES",
        region="Osona (editat)",
        population=None,
        latitude=None,
        longitude=None,
    )
    output = import_file(write_json(sample_records[:2]))
    assert "new entities: 2" in output
    known.refresh_from_db()
    assert known.region == "Osona (editat)"  # editors' data kept
    assert known.population == 21000  # blank filled from the record
    assert (known.latitude, known.longitude) == (42.0016, 2.2843)
    page = ProjectPage.objects.get(slug="assistent-virtual-padro")
    assert page.lead_entity.pk == known.pk
    created = Entity.objects.get(name="Consell Comarcal d'Osona")
    assert (created.kind, created.municipality, created.population) == (
        "county_council",
        "Vic",
        165000,
    )
    assert Entity.objects.filter(name="Ajuntament de Manlleu").count() == 1


def test_contacts_are_not_exported_unless_asked(imported):
    public = export()
    assert "contacts" not in public
    for personal in (
        "Núria Vilà",
        "nuria.vila@manlleu.example",
        "938 500 000",
        "Pere Solà",
        "Jordi Pérez",
    ):
        assert personal not in public
    backup = json.loads(export("--include-contacts"))
    padro = next(r for r in backup if r["slug"] == "assistent-virtual-padro")
    assert padro["contacts"][0] == {
        "name": "Núria Vilà i Comas",
        "role": "Cap d'atenció ciutadana",
        "department": "Oficina d'Atenció Ciutadana",
        "email": "nuria.vila@manlleu.example",
        "phone": "+34 938 500 000",
        "entity": "Ajuntament de Manlleu",
    }


def test_import_without_contacts_keeps_them_and_with_contacts_replaces_them(
    imported, sample_records, write_json
):
    page = ProjectPage.objects.get(slug="assistent-virtual-padro")
    record = copy.deepcopy(sample_records[0])
    del record["contacts"]
    assert "unchanged 1" in import_file(write_json([record]))
    assert page.contacts.count() == 2
    record["contacts"] = [{"name": "Anna Riera", "email": "anna@manlleu.example"}]
    assert "updated 1" in import_file(write_json([record]))
    assert [c.name for c in page.contacts.all()] == ["Anna Riera"]


# Export -------------------------------------------------------------------


def test_export_is_sorted_valid_and_carries_read_only_fields(imported):
    records = json.loads(export())
    assert [(r["language"], r["slug"]) for r in records] == [
        ("ca", "assistent-virtual-padro"),
        ("ca", "tramits-en-24-hores-a-l-hospitalet"),
        ("en", "open-data-portal-tallinn"),
        ("es", "participacion-ciudadana-con-decidim-en-tarrega"),
    ]
    validator = Draft202012Validator(
        json.loads(SCHEMA_PATH.read_text()),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    for record in without_read_only(records):
        assert list(validator.iter_errors(record)) == []
    first = records[0]
    page = ProjectPage.objects.get(slug="assistent-virtual-padro")
    assert first["id"] == page.pk
    assert first["url"].startswith("http") and first["url"].endswith(
        "/ca/projectes/assistent-virtual-padro/"
    )
    assert datetime.datetime.fromisoformat(first["first_published"])
    assert first["savings"] == {
        "amount_eur_per_year": 12000,
        "hours_per_year": 850.5,
        "notes": "Trucades ateses abans i després, durant sis mesos.",
    }
    assert records[1]["savings"]["amount_eur_per_year"] is None
    assert "savings" not in records[2]
    assert records[3]["tags"] == ["Decidim", "participación"]


def test_export_groups_analysis_blocks_and_skips_images(project_index):
    page = ProjectPageFactory(
        parent=project_index,
        documentation=[
            {
                "type": "link",
                "value": {
                    "kind": "demo",
                    "title": "Demo",
                    "url": "https://demo.example",
                },
            },
        ],
    )
    page.save_revision().publish()
    (record,) = json.loads(export())
    # The factory interleaves barrier, benefit and technology blocks.
    assert [b["title"] for b in record["barriers"]] == [
        "Resistència al canvi 1",
        "Resistència al canvi 2",
    ]
    assert len(record["benefits"]) == len(record["technologies"]) == 2
    assert record["documentation"] == [
        {"kind": "demo", "title": "Demo", "url": "https://demo.example"}
    ]


def test_a_library_document_exports_with_its_absolute_url(project_index, tmp_path):
    document = get_document_model().objects.create(
        title="Memòria del projecte",
        file=ContentFile(b"%PDF-1.4 test", name="memoria.pdf"),
    )
    page = ProjectPageFactory(
        parent=project_index,
        documentation=[
            {"type": "document", "value": {"document": document.pk, "title": ""}},
        ],
    )
    page.save_revision().publish()
    first = export()
    (record,) = json.loads(first)
    assert record["documentation"] == [
        {
            "kind": "document",
            "title": "Memòria del projecte",
            "url": f"http://testserver{document.url}",
        }
    ]
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    assert "unchanged 1" in import_file(path)
    ProjectPage.objects.all().delete()
    import_file(path)
    page = ProjectPage.objects.get()
    assert page.documentation[0].block_type == "document"
    assert without_read_only(json.loads(export())) == without_read_only([record])


def test_images_are_not_exported_and_an_update_keeps_them(project_index, write_json):
    image = ImageFactory(title="Foto del pilot")
    page = ProjectPageFactory(
        parent=project_index,
        documentation=[
            {"type": "image", "value": {"image": image.pk, "caption": "El pilot"}},
            {
                "type": "link",
                "value": {
                    "kind": "website",
                    "title": "Web",
                    "url": "https://web.example",
                },
            },
        ],
    )
    page.save_revision().publish()
    (record,) = json.loads(export())
    assert record["documentation"] == [
        {"kind": "website", "title": "Web", "url": "https://web.example"}
    ]
    record["summary"] = "Resum revisat."
    assert "updated 1" in import_file(write_json([record]))
    page.refresh_from_db()
    assert page.summary == "Resum revisat."
    assert [b.block_type for b in page.documentation] == ["link", "image"]
    assert page.documentation[1].value["image"].pk == image.pk


def test_export_to_a_file(imported, tmp_path):
    path = tmp_path / "out.json"
    call_command(
        "export_projects", "--output", str(path), stdout=StringIO(), stderr=StringIO()
    )
    text = path.read_text(encoding="utf-8")
    assert text == export()
    assert "Tàrrega" in text  # UTF-8, not \u escapes


# Round trip ---------------------------------------------------------------


def test_export_import_export_is_byte_identical(imported, project_index, tmp_path):
    ProjectPageFactory(parent=project_index).save_revision().publish()
    first = export("--include-contacts")
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    revisions = Revision.objects.count()
    assert "created 0, updated 0, unchanged 5" in import_file(path)
    assert Revision.objects.count() == revisions
    assert export("--include-contacts") == first


def test_round_trip_through_an_empty_tree(imported, project_index, tmp_path):
    ProjectPageFactory(parent=project_index).save_revision().publish()
    first = export("--include-contacts")
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    ProjectPage.objects.all().delete()
    assert ProjectPage.objects.count() == 0
    assert "created 5" in import_file(path)
    second = export("--include-contacts")
    assert without_read_only(json.loads(second)) == without_read_only(json.loads(first))
    assert json.loads(second)[0]["id"] != json.loads(first)[0]["id"]


def test_vendored_schema_is_identical_to_the_shared_one():
    if not SHARED_SCHEMA.parent.parent.exists():
        pytest.skip("../shared is not checked out beside the project")
    assert SCHEMA_PATH.read_bytes() == SHARED_SCHEMA.read_bytes()


def test_a_licence_not_stated_stays_not_stated(
    client, site_pages, write_json, sample_records
):
    """Three values: open source, not open source, not stated (the key absent).
    A record that does not say is never exported as either."""
    record = copy.deepcopy(sample_records[0])
    record["technologies"] = [
        {"name": "Rasa"},
        {"name": "React Native", "kind": "software"},
        {"name": "Decidim", "open_source": True},
        {"name": "Gestiona", "open_source": False},
    ]
    import_file(write_json([record]))
    page = ProjectPage.objects.get(slug=record["slug"])
    assert [t.value["open_source"] for t in page.technologies()] == [
        "",
        "",
        "yes",
        "no",
    ]
    exported = json.loads(export())
    technologies = next(r for r in exported if r["slug"] == record["slug"])[
        "technologies"
    ]
    assert [t.get("open_source", "absent") for t in technologies] == [
        "absent",
        "absent",
        True,
        False,
    ]
    html = client.get(page.url).content.decode()
    assert html.count("badge--open") == 1 and html.count("badge--closed") == 1
