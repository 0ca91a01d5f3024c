"""Open data: every published project file as JSON, CSV and ZIP, and its DCAT-AP record.

The JSON file is the shared interchange format, written by the same code as
``manage.py export_projects`` (``interchange.page_to_record``), so it validates
against ``project-file.schema.json`` and ``import_projects`` reads it back. The CSV
file flattens the same records to one row per project file; the ZIP holds both,
the schema, a data dictionary and a README stating the licence.

What is published, and only that:

* live pages outside any private section (``.live().public()``): drafts, unpublished
  pages and pages under a view restriction never appear;
* never the contacts (personal data): ``page_to_record`` is called without
  ``include_contacts``, and the CSV columns are built from its records.

Files are built once per *content version* and kept on disk
(``MEDIA_ROOT/opendata/<version>/``), so a download is a file streamed from disk
and 10,000 project files never sit in memory at once: records are written one at
a time, 500 pages per query. The version is a hash of what the files are made of
(published pages, entities, documents, tags, sites, the licence); it is itself
cached until the page tree changes (``caching.tree_cached``), so most requests
cost one cache read.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Site

from core import derived
from core.caching import tree_cached
from project_pages.interchange import SCHEMA_PATH, page_to_record
from project_pages.interchange.validation import ENTITY_FIELDS
from project_pages.models import Area, Entity, ProjectPage
from project_pages.vocabularies import (
    AreaCode,
    EntityKind,
    Phase,
    TransformationTypeCode,
)

# Bump when the files' layout changes, so that files built by older code are
# rebuilt rather than served.
FORMAT_VERSION = 1
DEFAULT_LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
# Lists in one CSV cell. A pipe is rare in titles and names, unlike ";" and ",",
# which Catalan and Spanish texts use all the time; a "|" inside an item is written
# as "/" so that splitting on " | " is always right.
LIST_SEPARATOR = " | "
# UTF-8 with a byte order mark: without it Excel on Windows reads the file as
# Windows-1252 and mangles every "à", "ç", "ñ" and "l·l". Python ("utf-8-sig"),
# LibreOffice, R and pandas read the mark as what it is.
CSV_ENCODING = "utf-8-sig"
PAGES_PER_QUERY = 500
# Old versions are deleted this long after a newer one was built (a download of
# an old file may still be running).
KEEP_OLD_VERSIONS_SECONDS = 3600

JSON_NAME = "projects.json"
CSV_NAME = "projects.csv"
ZIP_NAME = "projects.zip"
DICTIONARY_NAME = "data-dictionary.csv"
README_NAME = "README.md"
SCHEMA_NAME = "project-file.schema.json"
MANIFEST_NAME = "manifest.json"


def licence() -> dict[str, str]:
    """The licence of the open data: ``OBSERVATORY_OPEN_DATA_LICENCE``, CC BY 4.0
    when unset."""
    configured = getattr(settings, "OBSERVATORY_OPEN_DATA_LICENCE", None) or {}
    return {**DEFAULT_LICENCE, **configured}


def published_pages() -> QuerySet:
    """What open data is made of: live project files outside private sections."""
    return ProjectPage.objects.live().public()


# CSV columns ----------------------------------------------------------------


def _clean(item: Any) -> str:
    return str(item).replace("|", "/")


def _join(items) -> str:
    return LIST_SEPARATOR.join(_clean(i) for i in items if i not in (None, ""))


def _lead(key: str) -> Callable[[dict], Any]:
    def get(record: dict) -> Any:
        entities = record.get("entities") or [{}]
        return entities[0].get(key)

    return get


def _key(key: str) -> Callable[[dict], Any]:
    return lambda record: record.get(key)


def _savings(key: str) -> Callable[[dict], Any]:
    return lambda record: (record.get("savings") or {}).get(key)


def _titles(key: str, field: str = "title") -> Callable[[dict], str]:
    return lambda record: _join(item.get(field) for item in record.get(key, []))


def _objectives(kind: str) -> Callable[[dict], str]:
    return lambda record: _join((record.get("objectives") or {}).get(kind, []))


@dataclass(frozen=True)
class Column:
    name: str
    kind: Any  # a lazy, translatable type name
    description: Any
    value: Callable[[dict], Any]
    # The codes a column may hold, for the data dictionary.
    codes: tuple[str, ...] | list[str] = ()


LIST = _("list")
TEXT = _("text")
COLUMNS: tuple[Column, ...] = (
    Column("id", _("integer"), _("Number of the page on the site."), _key("id")),
    Column("url", _("URL"), _("Address of the project file."), _key("url")),
    Column(
        "language",
        _("code"),
        _("Language of the file: ca, es or en."),
        _key("language"),
    ),
    Column(
        "slug",
        TEXT,
        _("Last part of the address; unique within a language."),
        _key("slug"),
    ),
    Column("title", TEXT, _("What was done, in a few words."), _key("title")),
    Column("summary", TEXT, _("Summary of the project."), _key("summary")),
    Column(
        "lead_entity",
        TEXT,
        _("The administration that leads the project (the first entity)."),
        _lead("name"),
    ),
    Column(
        "lead_entity_kind",
        _("code"),
        _("Kind of the lead entity."),
        _lead("kind"),
        EntityKind.values,
    ),
    Column(
        "lead_entity_municipality",
        TEXT,
        _("Town or city of the lead entity."),
        _lead("municipality"),
    ),
    Column(
        "lead_entity_region",
        TEXT,
        _("County, province or region of the lead entity."),
        _lead("region"),
    ),
    Column(
        "lead_entity_country",
        _("code"),
        _("Country of the lead entity (ISO 3166-1 alpha-2, e.g. ES)."),
        _lead("country"),
    ),
    Column(
        "lead_entity_population",
        _("integer"),
        _("Inhabitants served by the lead entity."),
        _lead("population"),
    ),
    Column(
        "lead_entity_latitude",
        _("number"),
        _("Latitude of the lead entity (WGS 84, decimal degrees)."),
        _lead("latitude"),
    ),
    Column(
        "lead_entity_longitude",
        _("number"),
        _("Longitude of the lead entity (WGS 84, decimal degrees)."),
        _lead("longitude"),
    ),
    Column(
        "entities",
        LIST,
        _("Every entity that carried out the project, the lead first."),
        _titles("entities", "name"),
    ),
    Column("description", TEXT, _("What was done."), _key("description")),
    Column("value", TEXT, _("The value the project brings."), _key("value")),
    Column(
        "savings_eur_per_year",
        _("number"),
        _("Money saved per year, in euros, as declared."),
        _savings("amount_eur_per_year"),
    ),
    Column(
        "savings_hours_per_year",
        _("number"),
        _("Working hours saved per year, as declared."),
        _savings("hours_per_year"),
    ),
    Column(
        "savings_notes", TEXT, _("How the savings were measured."), _savings("notes")
    ),
    Column("barriers", LIST, _("Titles of the barriers met."), _titles("barriers")),
    Column("benefits", LIST, _("Titles of the benefits."), _titles("benefits")),
    Column(
        "technologies",
        LIST,
        _("Names of the technologies used."),
        _titles("technologies", "name"),
    ),
    Column(
        "open_source_technologies",
        LIST,
        _("Names of the technologies used that are open source."),
        lambda record: _join(
            t.get("name")
            for t in record.get("technologies", [])
            if t.get("open_source")
        ),
    ),
    Column("methodology", TEXT, _("How the project was run."), _key("methodology")),
    Column(
        "phase",
        _("code"),
        _("Phase of the project."),
        _key("phase"),
        Phase.values,
    ),
    Column("start_date", _("date"), _("Start (YYYY-MM-DD)."), _key("start_date")),
    Column("end_date", _("date"), _("End (YYYY-MM-DD)."), _key("end_date")),
    Column(
        "plan", TEXT, _("The strategy or plan the project belongs to."), _key("plan")
    ),
    Column("scope", TEXT, _("Scope of the project."), _key("scope")),
    Column(
        "general_objectives", LIST, _("General objectives."), _objectives("general")
    ),
    Column(
        "operational_objectives",
        LIST,
        _("Operational objectives."),
        _objectives("operational"),
    ),
    Column(
        "milestones", LIST, _("Names of the milestones."), _titles("milestones", "name")
    ),
    Column(
        "areas",
        LIST,
        _("Areas of action."),
        lambda record: _join(record.get("areas", [])),
        AreaCode.values,
    ),
    Column(
        "transformation_types",
        LIST,
        _("Types of transformation."),
        lambda record: _join(record.get("transformation_types", [])),
        TransformationTypeCode.values,
    ),
    Column(
        "tags", LIST, _("Technologies and topics."), lambda r: _join(r.get("tags", []))
    ),
    Column(
        "documentation_urls",
        LIST,
        _("Addresses of the videos, documents, demos and websites."),
        _titles("documentation", "url"),
    ),
    Column(
        "first_published",
        _("date and time"),
        _("When the file was first published (ISO 8601)."),
        _key("first_published"),
    ),
    Column(
        "last_published",
        _("date and time"),
        _("When the file was last published (ISO 8601)."),
        _key("last_published"),
    ),
)
CSV_COLUMNS = tuple(column.name for column in COLUMNS)


def csv_row(record: dict) -> list:
    """One CSV row: the record flattened, lists joined, empty values blank."""
    row = []
    for column in COLUMNS:
        value = column.value(record)
        row.append("" if value is None else value)
    return row


# Building the files ---------------------------------------------------------


def iter_records() -> Iterator[dict]:
    """Published project files as interchange records, in the export's order
    (language, slug, id), 500 pages per query.

    The order is computed from a light list of keys in Python, not by the database,
    for the reason ``export_records`` gives (collations order hyphens differently),
    so that the JSON file is byte for byte what ``export_projects`` writes when no
    page is in a private section.
    """
    keys = sorted(
        published_pages().values_list("pk", "locale__language_code", "slug"),
        key=lambda key: (key[1], key[2], key[0]),
    )
    queryset = ProjectPage.with_related(published_pages().select_related("locale"))
    for start in range(0, len(keys), PAGES_PER_QUERY):
        ids = [key[0] for key in keys[start : start + PAGES_PER_QUERY]]
        pages = queryset.in_bulk(ids)
        for pk in ids:
            if pk in pages:  # unpublished meanwhile: left out
                yield page_to_record(pages[pk])


def json_item(record: dict) -> str:
    """A record as ``json.dumps(records, indent=2)`` writes an array item.

    Lines are split on "\\n" only: JSON escapes every newline inside strings, but
    not U+2028 or U+0085, where ``str.splitlines`` would split.
    """
    text = json.dumps(record, ensure_ascii=False, indent=2)
    return "\n".join("  " + line for line in text.split("\n"))


def _write_data(directory: Path) -> int:
    """projects.json and projects.csv in one pass over the records; their count."""
    count = 0
    with (
        open(directory / JSON_NAME, "w", encoding="utf-8", newline="\n") as json_file,
        open(directory / CSV_NAME, "w", encoding=CSV_ENCODING, newline="") as csv_file,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(CSV_COLUMNS)
        json_file.write("[")
        for record in iter_records():
            json_file.write(",\n" if count else "\n")
            json_file.write(json_item(record))
            writer.writerow(csv_row(record))
            count += 1
        json_file.write("\n]\n" if count else "]\n")
    return count


def _write_dictionary(directory: Path) -> None:
    with (
        translation.override("en"),
        open(
            directory / DICTIONARY_NAME, "w", encoding=CSV_ENCODING, newline=""
        ) as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(["column", "type", "description", "codes"])
        for column in COLUMNS:
            writer.writerow(
                [
                    column.name,
                    str(column.kind),
                    str(column.description),
                    LIST_SEPARATOR.join(column.codes),
                ]
            )


def readme_text(count: int, generated_at: datetime.datetime) -> str:
    terms = licence()
    with translation.override("en"):
        site_name = str(settings.WAGTAIL_SITE_NAME)
    return f"""# Project files of the {site_name}

Every published project file of the observatory: what a local administration did,
what it saved, what held it back. {count} project files, generated
{generated_at.isoformat(timespec="seconds")}.

## Licence

{terms["name"]}: {terms["url"]}

You may copy, share and adapt the data for any purpose, provided you credit
"{site_name}" and link to the licence.

## Files

- `{JSON_NAME}`: a JSON array of project files in the observatory's interchange
  format, described by `{SCHEMA_NAME}` (JSON Schema 2020-12), plus the read-only
  fields `id`, `url`, `first_published` and `last_published`.
- `{CSV_NAME}`: the same project files, one row per file (RFC 4180: comma
  separated, double quotes, CRLF line ends). Encoding UTF-8 with a byte order mark,
  so that spreadsheet programs show accented letters right; in Python read it with
  `encoding="utf-8-sig"`. Lists are joined with "{LIST_SEPARATOR}" (a "|" inside
  an item is written as "/"). Empty cells are unknown values.
- `{DICTIONARY_NAME}`: every CSV column, its type and its meaning.

Contacts (names, emails and phone numbers of the people behind each project) are
personal data and are never part of these files.

The files are rebuilt whenever a project file is published, changed or withdrawn.
"""


def _write_zip(directory: Path) -> None:
    names = (JSON_NAME, CSV_NAME, DICTIONARY_NAME, README_NAME, SCHEMA_NAME)
    with zipfile.ZipFile(
        directory / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED
    ) as archive:
        for name in names:
            archive.write(directory / name, arcname=name)


# The name under which a queued rebuild is remembered (core/derived.py).
BUILD_NAME = "opendata-files"


def export_root() -> Path:
    return Path(
        getattr(settings, "OBSERVATORY_OPEN_DATA_DIR", None)
        or Path(settings.MEDIA_ROOT) / "opendata"
    )


@dataclass(frozen=True)
class Export:
    """The built files of one content version."""

    version: str
    directory: Path
    count: int
    generated_at: datetime.datetime

    def path(self, name: str) -> Path:
        return self.directory / name


def build(version: str) -> Export:
    """Build every file of ``version`` in a temporary directory, then move it in
    place in one rename, so a reader never sees a half-written file (and two
    processes building at once leave one complete copy)."""
    root = export_root()
    root.mkdir(parents=True, exist_ok=True)
    target = root / version
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        # Kept to the microsecond: the newest export is picked by it, and two
        # builds can fall within one second (readers see it to the second).
        generated_at = timezone.now()
        count = _write_data(work)
        _write_dictionary(work)
        (work / README_NAME).write_text(
            readme_text(count, generated_at), encoding="utf-8"
        )
        shutil.copyfile(SCHEMA_PATH, work / SCHEMA_NAME)
        _write_zip(work)
        (work / MANIFEST_NAME).write_text(
            json.dumps(
                {
                    "version": version,
                    "count": count,
                    "generated_at": generated_at.isoformat(),
                }
            ),
            encoding="utf-8",
        )
        try:
            os.rename(work, target)
        except OSError:  # another process finished first: keep its copy
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _remove_old_versions(root, keep=version)
    return _read_export(target)


def _read_export(directory: Path) -> Export:
    manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    return Export(
        version=manifest["version"],
        directory=directory,
        count=manifest["count"],
        generated_at=datetime.datetime.fromisoformat(manifest["generated_at"]),
    )


def _remove_old_versions(root: Path, keep: str) -> None:
    limit = time.time() - KEEP_OLD_VERSIONS_SECONDS
    for child in root.iterdir():
        if child.name == keep or not child.is_dir():
            continue
        try:
            if child.stat().st_mtime < limit:
                shutil.rmtree(child, ignore_errors=True)
        except FileNotFoundError:
            pass


def current_export() -> Export:
    """The files of the current content version, built on first use.

    With background builds (production), a version not built yet is built by the
    worker while visitors get the newest files built before it; only a site that
    never built any builds them in the request."""
    version = content_version()
    try:
        return _read_export(export_root() / version)
    except (FileNotFoundError, KeyError, ValueError):
        pass
    if derived.background_builds():
        newest = newest_export()
        if newest is not None:
            from opendata.tasks import build_open_data_task

            derived.queue_rebuild(BUILD_NAME, build_open_data_task)
            return newest
    return build(version)


def build_current() -> Export:
    """Build the files of the current content version unless they exist (the
    worker's task: of several queued after a burst of changes, the first builds
    and the others find the files)."""
    derived.started(BUILD_NAME)
    version = content_version()
    try:
        return _read_export(export_root() / version)
    except (FileNotFoundError, KeyError, ValueError):
        return build(version)


def newest_export() -> Export | None:
    """The most recently generated complete export on disk, if any."""
    root = export_root()
    exports = []
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and not child.name.startswith("."):
                try:
                    exports.append(_read_export(child))
                except (FileNotFoundError, KeyError, ValueError):
                    continue
    return max(exports, key=lambda export: export.generated_at, default=None)


# Content version ------------------------------------------------------------


def _fingerprint() -> str:
    """A hash of everything the files are made of.

    Pages: count, sum of ids and latest publication (publishing, unpublishing,
    making a section private all change one of them). Entities, documents, tags and
    sites are hashed row by row: they change what a page exports without a new
    publication of the page. Thousands of short rows, a few milliseconds.
    """
    digest = hashlib.sha256()

    def add(value: Any) -> None:
        digest.update(repr(value).encode())
        digest.update(b"\0")

    add((FORMAT_VERSION, licence(), str(settings.WAGTAIL_SITE_NAME)))
    add(
        published_pages().aggregate(
            count=Count("pk"), ids=Sum("pk"), last=Max("last_published_at")
        )
    )
    sources = (
        Entity.objects.values_list("pk", *ENTITY_FIELDS),
        get_document_model().objects.values_list("pk", "title", "file"),
        Tag.objects.values_list("pk", "name"),
        Site.objects.values_list(
            "pk", "hostname", "port", "root_page_id", "is_default_site"
        ),
    )
    for rows in sources:
        for row in rows.order_by("pk").iterator(chunk_size=2000):
            add(row)
    return digest.hexdigest()[:24]


def content_version() -> str:
    """The current content version, computed once per page-tree version."""
    return tree_cached("opendata:version", _fingerprint)


# DCAT-AP catalogue ------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU_AUTHORITY = "http://publications.europa.eu/resource/authority"
LANGUAGE_URIS = {"ca": "CAT", "es": "SPA", "en": "ENG"}
MEDIA_TYPES = "https://www.iana.org/assignments/media-types"


def _literals(text) -> list[dict]:
    """A translatable text in every site language, as JSON-LD language strings."""
    values = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values.append({"@language": code, "@value": str(text)})
    return values


def _datetime(value: datetime.datetime | None) -> dict | None:
    if value is None:
        return None
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def _date(value: datetime.date | None) -> dict | None:
    if value is None:
        return None
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def catalogue_facts() -> dict:
    """The few figures the catalogue states, cached until the tree changes."""

    def compute() -> dict:
        pages = published_pages()
        dates = pages.aggregate(
            issued=Min("first_published_at"),
            modified=Max("last_published_at"),
            start=Min("start_date"),
            end=Max("end_date"),
        )
        countries = sorted(
            set(
                Entity.objects.filter(project_links__page__in=pages).values_list(
                    "country", flat=True
                )
            )
        )
        areas = sorted(
            set(Area.objects.filter(projects__in=pages).values_list("code", flat=True))
        )
        return {
            **dates,
            "count": pages.count(),
            "countries": countries,
            "areas": areas,
        }

    return tree_cached("opendata:catalogue-facts", compute)


def _country_uri(alpha2: str) -> str | None:
    from django_countries import countries

    alpha3 = countries.alpha3(alpha2)
    return f"{EU_AUTHORITY}/country/{alpha3}" if alpha3 else None


def catalogue(urls: dict[str, str]) -> dict:
    """The DCAT-AP record (JSON-LD) of the catalogue and its one dataset.

    ``urls`` are absolute: ``home``, ``page`` (the open data page), ``catalogue``,
    ``json``, ``csv``, ``zip`` and ``schema``. Classes and properties follow
    DCAT-AP 3 (mandatory: Catalogue title, description, publisher, dataset;
    Dataset title, description; Distribution accessURL), with EU vocabularies for
    languages, formats, themes, frequency and countries.
    """
    facts = catalogue_facts()
    terms = licence()
    licence_ref = {"@id": terms["url"], "@type": "dct:LicenseDocument"}
    publisher = {
        "@id": f"{urls['home']}#publisher",
        "@type": "foaf:Agent",
        "foaf:name": _literals(settings.WAGTAIL_SITE_NAME),
        "foaf:homepage": {"@id": urls["home"]},
    }
    languages = [
        {"@id": f"{EU_AUTHORITY}/language/{LANGUAGE_URIS[code]}"}
        for code, _name in settings.LANGUAGES
        if code in LANGUAGE_URIS
    ]
    modified = _datetime(facts["modified"])
    issued = _datetime(facts["issued"])
    distributions = []
    for kind, title, media_type, file_type in (
        ("json", _("Project files (JSON)"), "application/json", "JSON"),
        ("csv", _("Project files (CSV)"), "text/csv", "CSV"),
        (
            "zip",
            _("Project files (ZIP: JSON, CSV and data dictionary)"),
            "application/zip",
            "ZIP",
        ),
    ):
        distribution = {
            "@id": f"{urls['catalogue']}#distribution-{kind}",
            "@type": "dcat:Distribution",
            "dct:title": _literals(title),
            "dcat:accessURL": {"@id": urls[kind]},
            "dcat:downloadURL": {"@id": urls[kind]},
            "dcat:mediaType": {"@id": f"{MEDIA_TYPES}/{media_type}"},
            "dct:format": {"@id": f"{EU_AUTHORITY}/file-type/{file_type}"},
            "dct:license": licence_ref,
            "dcatap:availability": {
                "@id": "http://data.europa.eu/r5r/availability/stable"
            },
        }
        if kind == "json":
            distribution["dct:conformsTo"] = {"@id": urls["schema"]}
        if kind == "zip":
            distribution["dcat:packageFormat"] = {
                "@id": f"{MEDIA_TYPES}/application/zip"
            }
        if modified:
            distribution["dct:modified"] = modified
        distributions.append(distribution)

    keywords = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for area in facts["areas"] or AreaCode.values:
                keywords.append(
                    {"@language": code, "@value": str(AreaCode(area).label)}
                )
    dataset = {
        "@id": f"{urls['catalogue']}#projects",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{urls['catalogue']}#projects",
        "dct:title": _literals(_("Project files of local digital transformation")),
        "dct:description": _literals(
            _(
                "Every published project file of the observatory: what a local "
                "administration did, its entities, areas, phase, savings, barriers, "
                "benefits and technologies. Contacts are not included."
            )
        ),
        "dcat:keyword": keywords,
        "dcat:theme": [
            {"@id": f"{EU_AUTHORITY}/data-theme/GOVE"},
            {"@id": f"{EU_AUTHORITY}/data-theme/TECH"},
        ],
        "dct:publisher": publisher,
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": str(settings.WAGTAIL_SITE_NAME),
            "vcard:hasURL": {"@id": urls["page"]},
        },
        "dcat:landingPage": {"@id": urls["page"]},
        "dct:language": languages,
        "dct:accrualPeriodicity": {"@id": f"{EU_AUTHORITY}/frequency/UPDATE_CONT"},
        "dct:accessRights": {"@id": f"{EU_AUTHORITY}/access-right/PUBLIC"},
        "dcat:distribution": distributions,
    }
    spatial = [
        {"@id": uri}
        for uri in (_country_uri(code) for code in facts["countries"])
        if uri
    ]
    if spatial:
        dataset["dct:spatial"] = spatial
    if facts["start"] or facts["end"]:
        period = {"@type": "dct:PeriodOfTime"}
        if facts["start"]:
            period["dcat:startDate"] = _date(facts["start"])
        if facts["end"]:
            period["dcat:endDate"] = _date(facts["end"])
        dataset["dct:temporal"] = period
    if issued:
        dataset["dct:issued"] = issued
    if modified:
        dataset["dct:modified"] = modified

    record = {
        "@context": DCAT_CONTEXT,
        "@id": urls["catalogue"],
        "@type": "dcat:Catalog",
        "dct:title": _literals(settings.WAGTAIL_SITE_NAME),
        "dct:description": _literals(
            _(
                "Open data of the observatory of local digital transformation: the "
                "project files local administrations publish to learn from each "
                "other."
            )
        ),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": urls["home"]},
        "dct:language": languages,
        "dct:license": licence_ref,
        "dcat:dataset": [dataset],
    }
    if issued:
        record["dct:issued"] = issued
    if modified:
        record["dct:modified"] = modified
    return record
