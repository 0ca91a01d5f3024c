"""The JSON interchange of project files: a page becomes a record and back.

One format (``schema/project-file.schema.json``, vendored from ``../shared``) is read
by ``import_projects`` and written by ``export_projects`` (and, later, the JSON API).
Three promises shape this module:

* **Validate everything before writing anything.** Every record is checked against
  the schema and against what the schema cannot say (duplicate slugs, a contact's
  entity, dates in order, the limits of the model and of the blocks an editor would
  hit in the admin), and every problem is reported with its record and field.
* **Idempotent.** A page is found by slug within its language; a record that would
  not change what the page exports is left alone, so export → import → export is
  byte-identical and re-importing creates no revisions.
* **Personal data stays in.** Contacts are exported only when asked for.

Records are numbered from 0, like the field paths (``entities[0]``).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.text import slugify
from jsonschema import Draft202012Validator
from taggit.models import Tag
from wagtail.blocks import Block
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Page, Site

from project_pages.models import (
    Area,
    Entity,
    ProjectContact,
    ProjectEntity,
    ProjectPage,
    TransformationType,
)
from project_pages.site_structure import ensure_site_structure

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "project-file.schema.json"
DEFAULT_LANGUAGE = "ca"
# Written by the export, ignored by the import (the schema does not allow them).
READ_ONLY_FIELDS = ("id", "url", "first_published", "last_published")
ENTITY_FIELDS = (
    "name",
    "kind",
    "municipality",
    "region",
    "country",
    "population",
    "latitude",
    "longitude",
)
CONTACT_FIELDS = ("name", "role", "department", "email", "phone")
# Record key -> ProjectPage field, for the plain values.
TEXT_FIELDS = {
    "title": "title",
    "summary": "summary",
    "description": "description",
    "value": "value",
    "plan": "plan",
    "scope": "scope",
}
SAVINGS_FIELDS = {
    "amount_eur_per_year": "savings_amount_eur",
    "hours_per_year": "savings_hours",
    "notes": "savings_notes",
}
MAX_SLUG_LENGTH = 255
_APOSTROPHES = re.compile(r"['’`´]")


class InterchangeError(Exception):
    """Input that cannot be imported; ``errors`` holds every problem found."""

    def __init__(self, message: str, errors: Iterable[str] = ()):
        self.message = message
        self.errors = list(errors)
        super().__init__(message)

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  {error}" for error in self.errors)])


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    entities_created: int = 0

    def __str__(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged} (new entities: {self.entities_created})"
        )


# Schema -------------------------------------------------------------------


@functools.cache
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.cache
def schema_validator() -> Draft202012Validator:
    """Draft 2020-12 with format checks on, so a bad email, date or URI is caught."""
    return Draft202012Validator(
        load_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def record_keys() -> tuple[str, ...]:
    """The schema's property order, which the export follows."""
    return tuple(load_schema()["properties"])


# Reading ------------------------------------------------------------------


def read_records(source: str | Path) -> list:
    """The JSON array in ``source``, or an InterchangeError a person can act on."""
    try:
        text = Path(source).read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InterchangeError(f"{source}: no such file.") from exc
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            f"{source} is not UTF-8 text (bad byte at position {exc.start})."
        ) from exc
    except OSError as exc:
        raise InterchangeError(f"Cannot read {source}: {exc.strerror}.") from exc
    return parse_records(text, name=str(source))


def parse_records(text: str, name: str = "input") -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}."
        ) from exc
    if not isinstance(data, list):
        raise InterchangeError(
            f"{name} must hold a JSON array of project files, not {_json_type(data)}."
        )
    return data


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def strip_read_only(record: Any) -> Any:
    """The record without the fields the export adds, so exported files re-import."""
    if not isinstance(record, dict):
        return record
    return {k: v for k, v in record.items() if k not in READ_ONLY_FIELDS}


def derive_slug(title: str) -> str:
    """An ASCII slug from any title: accents folded, apostrophes split words.

    "L'Hospitalet: cita prèvia" -> "l-hospitalet-cita-previa".
    """
    text = anyascii(_APOSTROPHES.sub(" ", title))
    return slugify(text)[:MAX_SLUG_LENGTH].strip("-")


def record_language(record: dict) -> str:
    return record.get("language") or DEFAULT_LANGUAGE


def record_slug(record: dict) -> str:
    return record.get("slug") or derive_slug(record.get("title") or "")


# Validation ---------------------------------------------------------------


def record_label(index: int, record: Any) -> str:
    """How an error names its record: index, and title or slug when there is one."""
    if isinstance(record, dict):
        title = record.get("title")
        if isinstance(title, str) and title.strip():
            short = title if len(title) <= 60 else title[:57] + "..."
            return f'record {index} ("{short}")'
        slug = record.get("slug")
        if isinstance(slug, str) and slug:
            return f"record {index} ({slug})"
    return f"record {index}"


def format_path(parts: Iterable[str | int]) -> str:
    """jsonschema's path as a person writes it: ``entities[0].country``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _path_key(path: str) -> tuple:
    """Sort key for a field path: fields in the schema's order, items by index."""
    key: list[tuple] = []
    for name, number in _PATH_PART.findall(path):
        if number:
            key.append((int(number), ""))
        elif not key and name in record_keys():
            key.append((record_keys().index(name), name))
        else:
            key.append((len(record_keys()), name))
    return tuple(key)


def validate_records(records: list) -> list[str]:
    """Every problem in ``records``, one line each; an empty list means importable.

    Schema errors come first; then the rules the schema cannot say, checked on
    every part of the record the schema accepted (a bad email in one contact does
    not hide a wrong entity in another).
    """
    errors: list[str] = []
    slugs: dict[tuple[str, str], int] = {}
    validator = schema_validator()
    for index, raw in enumerate(records):
        record = strip_read_only(raw)
        problems = list(validator.iter_errors(record))
        found = [(format_path(p.absolute_path), p.message) for p in problems]
        if isinstance(record, dict):
            skip = {_unit(tuple(p.absolute_path)) for p in problems if p.absolute_path}
            with translation.override("en"):  # one language in the whole report
                found += _content_problems(record, skip)
            found += _slug_problems(index, record, skip, slugs)
        label = record_label(index, record)
        errors.extend(
            _line(label, path, message)
            for path, message in sorted(found, key=lambda f: _path_key(f[0]))
        )
    return errors


def _slug_problems(
    index: int, record: dict, skip: set[tuple], slugs: dict[tuple[str, str], int]
) -> list[tuple[str, str]]:
    """A page is found by slug and language, so two records must not share both."""
    if _skipped(skip, "slug") or _skipped(skip, "title") or _skipped(skip, "language"):
        return []
    slug = record_slug(record)
    key = (record_language(record), slug)
    if not slug:
        return [("slug", "cannot be made from the title; give a slug")]
    if key in slugs:
        return [
            (
                "slug",
                f"'{slug}' is already used by record {slugs[key]} (language {key[0]})",
            )
        ]
    slugs[key] = index
    return []


def _unit(path: tuple) -> tuple:
    """The part of a record a schema error spoils: a field, a list item, an
    objective."""
    return path[:3] if path[0] == "objectives" else path[:2]


def _skipped(skip: set[tuple], *path: str | int) -> bool:
    """Whether the schema already rejected this part (or what contains it)."""
    return any(path[:n] in skip for n in range(1, len(path) + 1))


def _line(label: str, path: str, message: str) -> str:
    return f"{label}: {path}: {message}" if path else f"{label}: {message}"


def _messages(error: Any) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(str(m) for m in error.messages)
    return str(error)


def _field_problems(
    model: type[models.Model], values: dict[str, tuple[str, Any]]
) -> Iterator[tuple[str, str]]:
    """Run the model fields' own validation (lengths, decimals, email) on values.

    ``values`` maps a model field name to (record path, value).
    """
    for field_name, (path, value) in values.items():
        field = model._meta.get_field(field_name)
        try:
            field.clean(value, None)
        except ValidationError as exc:
            yield path, _messages(exc)


def _content_problems(record: dict, skip: set[tuple]) -> Iterator[tuple[str, str]]:
    """What the schema cannot say, as (field path, message) pairs.

    Parts in ``skip`` failed the schema and are not looked at again.
    """
    page_values = {
        field: (key, record[key])
        for key, field in TEXT_FIELDS.items()
        if key in record and not _skipped(skip, key)
    }
    if "slug" in record and not _skipped(skip, "slug"):
        page_values["slug"] = ("slug", record["slug"])
    if not _skipped(skip, "savings"):
        for key, field in SAVINGS_FIELDS.items():
            value = record.get("savings", {}).get(key)
            if value is not None and not _skipped(skip, "savings", key):
                page_values[field] = (
                    f"savings.{key}",
                    value if key == "notes" else _decimal(value),
                )
    yield from _field_problems(ProjectPage, page_values)

    start, end = record.get("start_date"), record.get("end_date")
    if (
        start
        and end
        and not (_skipped(skip, "start_date") or _skipped(skip, "end_date"))
        and end < start
    ):
        yield "end_date", f"{end} is before start_date {start}"

    entities = [] if _skipped(skip, "entities") else record.get("entities", [])
    entity_names = {
        e["name"]
        for e in entities
        if isinstance(e, dict) and isinstance(e.get("name"), str)
    }
    seen: dict[tuple[str, str], int] = {}
    for i, entity in enumerate(entities):
        if _skipped(skip, "entities", i):
            continue
        path = f"entities[{i}]"
        yield from _field_problems(
            Entity,
            {f: (f"{path}.{f}", entity[f]) for f in ENTITY_FIELDS if f in entity},
        )
        if ("latitude" in entity) != ("longitude" in entity):
            yield path, "give both latitude and longitude, or neither"
        key = (entity["name"], entity["country"])
        if key in seen:
            yield path, f"repeats entities[{seen[key]}]"
        seen.setdefault(key, i)

    contacts = [] if _skipped(skip, "contacts") else record.get("contacts", [])
    for i, contact in enumerate(contacts):
        if _skipped(skip, "contacts", i):
            continue
        path = f"contacts[{i}]"
        yield from _field_problems(
            ProjectContact,
            {f: (f"{path}.{f}", contact[f]) for f in CONTACT_FIELDS if f in contact},
        )
        name = contact.get("entity")
        if name is not None and name not in entity_names and entities:
            known = ", ".join(repr(n) for n in sorted(entity_names))
            yield (
                f"{path}.entity",
                f"{name!r} is not one of this record's entities ({known})",
            )

    tag_field = Tag._meta.get_field("name")
    tags = [] if _skipped(skip, "tags") else record.get("tags", [])
    for i, tag in enumerate(tags):
        if _skipped(skip, "tags", i):
            continue
        if not tag.strip():
            yield f"tags[{i}]", "a tag cannot be blank"
            continue
        try:
            tag_field.clean(tag, None)
        except ValidationError as exc:
            yield f"tags[{i}]", _messages(exc)

    for field_name, items in _streams(record, skip).items():
        stream_block = ProjectPage._meta.get_field(field_name).stream_block
        for path, block_type, value in items:
            yield from _block_problems(
                stream_block.child_blocks[block_type], value, path
            )


def _block_problems(block: Block, value: Any, path: str) -> Iterator[tuple[str, str]]:
    """The validation an editor would meet in the admin for this block value."""
    try:
        block.clean(block.to_python(value))
    except StructBlockValidationError as exc:
        for name, error in exc.block_errors.items():
            yield f"{path}.{name}", _messages(error)
        for error in exc.non_block_errors.as_data():
            yield path, _messages(error)
    except ValidationError as exc:
        yield path, _messages(exc)


def _decimal(value: int | float) -> Decimal:
    """Through str, so 0.1 stays 0.1 instead of 0.1000000000000000055..."""
    return Decimal(str(value))


# Record -> stream data ----------------------------------------------------


StreamItems = list[tuple[str, str, Any]]  # (record path, block type, raw value)


def _streams(record: dict, skip: set[tuple] = frozenset()) -> dict[str, StreamItems]:
    """The raw StreamField data a record stands for, each item with its path.

    Import order: barriers, benefits, technologies, then the methodology; general
    objectives, then operational ones. Parts in ``skip`` are left out.
    """

    def items(*path: str) -> Iterator[tuple[int, Any]]:
        if _skipped(skip, *path):
            return
        container: Any = record
        for key in path:
            container = container.get(key, {})
        for i, item in enumerate(container or []):
            if not _skipped(skip, *path, i):
                yield i, item

    analysis: StreamItems = []
    for key, block_type in (
        ("barriers", "barrier"),
        ("benefits", "benefit"),
        ("technologies", "technology"),
    ):
        for i, item in items(key):
            analysis.append((f"{key}[{i}]", block_type, dict(item)))
    if record.get("methodology") and not _skipped(skip, "methodology"):
        analysis.append(("methodology", "methodology", record["methodology"]))

    objectives: StreamItems = [
        (f"objectives.{kind}[{i}]", kind, text)
        for kind in ("general", "operational")
        for i, text in items("objectives", kind)
    ]

    milestones: StreamItems = [
        (
            f"milestones[{i}]",
            "milestone",
            {
                "name": item["name"],
                "start": item.get("start"),
                "end": item.get("end"),
                "status": item.get("status") or "",
            },
        )
        for i, item in items("milestones")
    ]

    documentation: StreamItems = []
    for i, item in items("documentation"):
        path, title, url = f"documentation[{i}]", item.get("title", ""), item["url"]
        document = _library_document(url) if item["kind"] == "document" else None
        if item["kind"] == "video":
            documentation.append((path, "video", {"title": title, "url": url}))
        elif document is not None:
            documentation.append(
                (
                    path,
                    "document",
                    {
                        "document": document.pk,
                        "title": "" if title == document.title else title,
                    },
                )
            )
        else:
            documentation.append(
                (path, "link", {"kind": item["kind"], "title": title, "url": url})
            )
    return {
        "analysis": analysis,
        "objectives": objectives,
        "milestones": milestones,
        "documentation": documentation,
    }


def _site_root_url() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute_url(url: str) -> str:
    if urlparse(url).scheme:
        return url
    return _site_root_url() + url


def _library_document(url: str):
    """The library document whose exported URL is ``url``, so it stays a document."""
    name = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]
    if not name:
        return None
    for document in get_document_model().objects.filter(file__endswith=name):
        if absolute_url(document.url) == url:
            return document
    return None


# Page -> record -----------------------------------------------------------


def _compact(data: dict) -> dict:
    """Drop empty values: the export omits what is unknown, always the same way."""
    return {k: v for k, v in data.items() if v is not None and v not in ("", [], {})}


def _number(value: Decimal | float | int | None) -> int | float | None:
    """Integers as ints, others as floats, so 12000.00 exports as 12000."""
    if value is None:
        return None
    number = _decimal(value) if not isinstance(value, Decimal) else value
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _iso(value: datetime.date | datetime.datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    return value.isoformat()


def _entity_record(entity: Entity) -> dict:
    return _compact({f: getattr(entity, f) for f in ENTITY_FIELDS})


def _documentation_record(block) -> dict | None:
    value = block.value
    if block.block_type == "video":
        return _compact(
            {"kind": "video", "title": value.get("title"), "url": value.get("url")}
        )
    if block.block_type == "link":
        return _compact(
            {
                "kind": value.get("kind"),
                "title": value.get("title"),
                "url": value.get("url"),
            }
        )
    if block.block_type == "document":
        document = value.get("document")
        if document is None:  # deleted from the library
            return None
        return _compact(
            {
                "kind": "document",
                "title": value.get("title") or document.title,
                "url": absolute_url(document.url),
            }
        )
    return None  # images are not part of the format


def page_to_record(
    page: ProjectPage, *, include_contacts: bool = False, read_only: bool = True
) -> dict:
    """The page in the interchange format, keys in a fixed order.

    Empty optional values are omitted; the required keys (title, entities, phase,
    areas) and slug and language are always present. ``read_only`` adds id, url and
    the publication dates; contacts (personal data) only with ``include_contacts``.
    """
    record: dict[str, Any] = {
        "slug": page.slug,
        "language": page.locale.language_code,
        "title": page.title,
        "summary": page.summary,
        "entities": [_entity_record(e) for e in page.ordered_entities()],
        "description": page.description,
        "value": page.value,
    }
    if include_contacts:
        contacts = sorted(page.contacts.all(), key=lambda c: c.sort_order or 0)
        record["contacts"] = [
            _compact(
                {
                    **{f: getattr(contact, f) for f in CONTACT_FIELDS},
                    "entity": contact.entity.name if contact.entity_id else None,
                }
            )
            for contact in contacts
        ]
    if page.has_savings:
        record["savings"] = {
            "amount_eur_per_year": _number(page.savings_amount_eur),
            "hours_per_year": _number(page.savings_hours),
            "notes": page.savings_notes,
        }
    by_type: dict[str, list] = {
        "barrier": [],
        "benefit": [],
        "technology": [],
        "methodology": [],
    }
    for block in page.analysis:
        by_type.setdefault(block.block_type, []).append(block.value)
    record["barriers"] = [
        _compact({k: v.get(k) for k in ("title", "description", "mitigation")})
        for v in by_type["barrier"]
    ]
    record["benefits"] = [
        _compact({k: v.get(k) for k in ("title", "description", "indicator")})
        for v in by_type["benefit"]
    ]
    record["technologies"] = [
        _compact(
            {
                "name": v.get("name"),
                "kind": v.get("kind"),
                "open_source": bool(v.get("open_source")),
                "url": v.get("url"),
            }
        )
        for v in by_type["technology"]
    ]
    record["methodology"] = "\n\n".join(str(v) for v in by_type["methodology"] if v)
    record.update(
        {
            "phase": page.phase,
            "start_date": _iso(page.start_date),
            "end_date": _iso(page.end_date),
            "plan": page.plan,
            "scope": page.scope,
            "objectives": _compact(
                {
                    "general": page.general_objectives(),
                    "operational": page.operational_objectives(),
                }
            ),
            "milestones": [
                _compact(
                    {
                        "name": block.value.get("name"),
                        "start": _iso(block.value.get("start")),
                        "end": _iso(block.value.get("end")),
                        "status": block.value.get("status"),
                    }
                )
                for block in page.milestones
            ],
            "areas": sorted(area.code for area in page.areas.all()),
            "transformation_types": sorted(
                t.code for t in page.transformation_types.all()
            ),
            "tags": sorted(tag.name for tag in page.tags.all()),
            "documentation": [
                item for item in map(_documentation_record, page.documentation) if item
            ],
        }
    )
    required = {"slug", "language", "title", "entities", "phase", "areas"}
    ordered = {
        key: record[key]
        for key in record_keys()
        if key in record
        and (
            key in required
            or key == "contacts"
            or record[key] not in (None, "", [], {})
        )
    }
    if not read_only:
        return ordered
    return {
        "id": page.pk,
        **ordered,
        "url": page.get_full_url(),
        "first_published": _iso(page.first_published_at),
        "last_published": _iso(page.last_published_at),
    }


def export_queryset(*, include_drafts: bool = False):
    """Project pages in export order (language, then slug), related rows prefetched."""
    pages = ProjectPage.objects.all() if include_drafts else ProjectPage.objects.live()
    return (
        pages.select_related("locale")
        .prefetch_related(
            Prefetch(
                "project_entities",
                queryset=ProjectEntity.objects.select_related("entity"),
            ),
            Prefetch(
                "contacts", queryset=ProjectContact.objects.select_related("entity")
            ),
            "areas",
            "transformation_types",
            "tags",
        )
        .order_by("locale__language_code", "slug", "path")
    )


def export_records(
    *, include_contacts: bool = False, include_drafts: bool = False
) -> list[dict]:
    """Live pages as records; with ``include_drafts``, unpublished pages' latest
    drafts too."""
    records = []
    for page in export_queryset(include_drafts=include_drafts).iterator(chunk_size=500):
        source = page if page.live else page.get_latest_revision_as_object()
        records.append(page_to_record(source, include_contacts=include_contacts))
    # Sorted here, not only in SQL: database collations order hyphens differently.
    records.sort(key=lambda r: (r["language"], r["slug"], r["id"]))
    return records


def dumps(records: list[dict]) -> str:
    """The file form: stable, UTF-8 text, readable in a diff."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


# Record -> page -----------------------------------------------------------


def _resolve_entities(data: list[dict], summary: ImportSummary) -> list[Entity]:
    """The record's entities, in order: known ones reused, unknown ones created.

    A known entity keeps what editors wrote; only its blank fields are filled.
    """
    entities = []
    for item in data:
        entity = Entity.objects.filter(
            name=item["name"], country=item["country"]
        ).first()
        if entity is None:
            entity = Entity.objects.create(
                **{f: item[f] for f in ENTITY_FIELDS if f in item}
            )
            summary.entities_created += 1
        else:
            changed = [
                f
                for f in ("municipality", "region", "population")
                if getattr(entity, f) in (None, "") and item.get(f) not in (None, "")
            ]
            for f in changed:
                setattr(entity, f, item[f])
            if not entity.has_coordinates and "latitude" in item:
                entity.latitude, entity.longitude = item["latitude"], item["longitude"]
                changed += ["latitude", "longitude"]
            if changed:
                entity.save(update_fields=changed)
        entities.append(entity)
    return entities


def apply_record(
    page: ProjectPage,
    record: dict,
    entities: list[Entity],
    areas: dict[str, Area],
    types: dict[str, TransformationType],
) -> None:
    """Set the page (in memory) to what the record says.

    Keys absent from the record clear their field, except ``contacts``: without
    that key the page keeps its contacts, so a public export can be re-imported
    without erasing them.
    """
    page.slug = record_slug(record)
    for key, field in TEXT_FIELDS.items():
        setattr(page, field, record.get(key, ""))
    page.draft_title = page.title
    savings = record.get("savings", {})
    for key, field in SAVINGS_FIELDS.items():
        value = savings.get(key)
        if key == "notes":
            setattr(page, field, value or "")
        else:
            setattr(page, field, None if value is None else _decimal(value))
    page.phase = record["phase"]
    for key in ("start_date", "end_date"):
        value = record.get(key)
        setattr(page, key, datetime.date.fromisoformat(value) if value else None)
    # Images are not part of the format: an update keeps the page's own.
    images = [
        {
            "type": "image",
            "value": block.block.get_prep_value(block.value),
            "id": block.id,
        }
        for block in page.documentation
        if block.block_type == "image"
    ]
    for field, items in _streams(record).items():
        data = [{"type": t, "value": v} for _path, t, v in items]
        setattr(page, field, data + images if field == "documentation" else data)
    page.project_entities = [
        ProjectEntity(entity=entity, sort_order=i) for i, entity in enumerate(entities)
    ]
    if "contacts" in record:
        by_name: dict[str, Entity] = {}
        for entity in entities:
            by_name.setdefault(entity.name, entity)
        page.contacts = [
            ProjectContact(
                sort_order=i,
                entity=by_name.get(item.get("entity", "")),
                **{f: item.get(f, "") for f in CONTACT_FIELDS},
            )
            for i, item in enumerate(record["contacts"])
        ]
    page.areas = [areas[code] for code in record["areas"]]
    page.transformation_types = [
        types[code] for code in record.get("transformation_types", [])
    ]
    page.tags.set(record.get("tags", []))


def _content(page: ProjectPage) -> dict:
    """What the comparison looks at: the export with contacts, without read-only."""
    return page_to_record(page, include_contacts=True, read_only=False)


def import_records(records: list, *, publish: bool = True) -> ImportSummary:
    """Validate every record, then write them all in one transaction, or nothing.

    Pages are matched by slug within their language and placed under that
    language's project index. A page whose content would not change is not
    touched (no new revision). With ``publish`` the new revision is published;
    otherwise it is saved as a draft (a live page keeps its live version).
    """
    errors = validate_records(records)
    if errors:
        raise InterchangeError(
            f"{len(errors)} problem(s) found; nothing was imported.", errors
        )
    summary = ImportSummary()
    with transaction.atomic():
        indexes = ensure_site_structure()["projects"]
        areas = {area.code: area for area in Area.objects.all()}
        types = {t.code: t for t in TransformationType.objects.all()}
        for index, raw in enumerate(records):
            record = strip_read_only(raw)
            try:
                _import_one(record, indexes, areas, types, summary, publish=publish)
            except ValidationError as exc:
                raise InterchangeError(
                    "A record could not be saved; nothing was imported.",
                    [f"{record_label(index, record)}: {_messages(exc)}"],
                ) from exc
    return summary


def _import_one(
    record: dict,
    indexes: dict[str, Page],
    areas: dict[str, Area],
    types: dict[str, TransformationType],
    summary: ImportSummary,
    *,
    publish: bool,
) -> None:
    parent = indexes[record_language(record)]
    entities = _resolve_entities(record["entities"], summary)
    existing = (
        ProjectPage.objects.filter(locale_id=parent.locale_id, slug=record_slug(record))
        .order_by("path")
        .first()
    )
    if existing is None:
        page = ProjectPage(locale_id=parent.locale_id, live=False)
        apply_record(page, record, entities, areas, types)
        parent.add_child(instance=page)
        log(instance=page, action="wagtail.create")
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()
        summary.created += 1
        return
    # Compare against what the import would replace: the live version when
    # publishing, the latest draft otherwise.
    page = existing if publish else existing.get_latest_revision_as_object()
    before = _content(page)
    apply_record(page, record, entities, areas, types)
    if _content(page) == before and (existing.live or not publish):
        summary.unchanged += 1
        return
    revision = page.save_revision(log_action=True)
    if publish:
        revision.publish()
    summary.updated += 1


__all__ = [
    "READ_ONLY_FIELDS",
    "SCHEMA_PATH",
    "ImportSummary",
    "InterchangeError",
    "derive_slug",
    "dumps",
    "export_records",
    "import_records",
    "page_to_record",
    "parse_records",
    "read_records",
    "validate_records",
]
