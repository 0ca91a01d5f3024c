"""Reading and validating interchange records, before anything is written."""

from __future__ import annotations

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
from django.db import models
from django.utils import translation
from django.utils.text import slugify
from jsonschema import Draft202012Validator
from taggit.models import Tag
from wagtail.blocks import Block
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.models import Site

from project_pages.models import (
    Entity,
    ProjectContact,
    ProjectPage,
)

SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent / "schema" / "project-file.schema.json"
)
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


def error_messages(error: Any) -> str:
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
            yield path, error_messages(exc)


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
                    value if key == "notes" else to_decimal(value),
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
            yield f"tags[{i}]", error_messages(exc)

    for field_name, items in record_streams(record, skip).items():
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
            yield f"{path}.{name}", error_messages(error)
        for error in exc.non_block_errors.as_data():
            yield path, error_messages(error)
    except ValidationError as exc:
        yield path, error_messages(exc)


def to_decimal(value: int | float) -> Decimal:
    """Through str, so 0.1 stays 0.1 instead of 0.1000000000000000055..."""
    return Decimal(str(value))


# Record -> stream data ----------------------------------------------------


StreamItems = list[tuple[str, str, Any]]  # (record path, block type, raw value)


def record_streams(
    record: dict, skip: set[tuple] = frozenset()
) -> dict[str, StreamItems]:
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
        document = library_document(url) if item["kind"] == "document" else None
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


def library_document(url: str):
    """The library document whose exported URL is ``url``, so it stays a document."""
    name = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]
    if not name:
        return None
    for document in get_document_model().objects.filter(file__endswith=name):
        if absolute_url(document.url) == url:
            return document
    return None


# Page -> record -----------------------------------------------------------
