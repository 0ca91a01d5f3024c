"""Record → page: what ``import_projects`` writes, all or nothing."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Page

from project_pages.models import (
    Area,
    Entity,
    ProjectContact,
    ProjectEntity,
    ProjectPage,
    TransformationType,
)
from project_pages.site_structure import ensure_site_structure

from .export import page_to_record
from .validation import (
    CONTACT_FIELDS,
    ENTITY_FIELDS,
    SAVINGS_FIELDS,
    TEXT_FIELDS,
    ImportSummary,
    InterchangeError,
    error_messages,
    record_label,
    record_language,
    record_slug,
    record_streams,
    strip_read_only,
    to_decimal,
    validate_records,
)


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
            setattr(page, field, None if value is None else to_decimal(value))
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
    for field, items in record_streams(record).items():
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
                    [f"{record_label(index, record)}: {error_messages(exc)}"],
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
