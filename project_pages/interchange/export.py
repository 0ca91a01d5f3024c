"""Page → record: what ``export_projects`` (and later the API) writes."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from project_pages.blocks.analysis import open_source_flag
from project_pages.models import (
    Entity,
    ProjectContact,
    ProjectEntity,
    ProjectPage,
)

from .validation import (
    CONTACT_FIELDS,
    ENTITY_FIELDS,
    absolute_url,
    record_keys,
    to_decimal,
)


def _compact(data: dict) -> dict:
    """Drop empty values: the export omits what is unknown, always the same way."""
    return {k: v for k, v in data.items() if v is not None and v not in ("", [], {})}


def _number(value: Decimal | float | int | None) -> int | float | None:
    """Integers as ints, others as floats, so 12000.00 exports as 12000."""
    if value is None:
        return None
    number = to_decimal(value) if not isinstance(value, Decimal) else value
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
                # Omitted when not stated: absent in the format means unknown.
                "open_source": open_source_flag(v.get("open_source")),
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
