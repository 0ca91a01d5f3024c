"""A draft project file from a submission.

The fields come from the template's headings when the sender used them
(submissions/template.py reads them in Catalan, Spanish or English); otherwise the
whole text goes to the description for the editor to split. Attachments go to the
"documentation and media" section; the contact given goes to the project's
contacts (never public). The page is a draft (a revision, not live) under the
project index of the submission's language; the submission and the page point to
each other, and the submission counts as accepted.
"""

from __future__ import annotations

import re

from django.db import transaction

from . import template as submission_template
from .curation import _event, _set_status
from .models import EventKind, Status, Submission

URL = re.compile(r"https?://[^\s<>\"')]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MONEY = re.compile(r"(\d[\d.\s]*(?:,\d+)?)\s*(?:€|eur|euros?)", re.IGNORECASE)
ITEM = re.compile(r"\n\s*\n|\n\s*[-*•]\s+|;\s*")


def _first_text(submission: Submission) -> str:
    texts = [
        m.text for m in submission.messages.order_by("received_at", "pk") if m.text
    ]
    return "\n\n".join(texts)


def _money(value: str):
    from decimal import Decimal, InvalidOperation

    match = MONEY.search(value or "")
    if not match:
        return None
    digits = match.group(1).replace(" ", "").replace(".", "").replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _items(value: str, limit: int = 255) -> list[str]:
    """Paragraphs, bullets or semicolon-separated parts of a field, each short."""
    parts = [p.strip(" -*•\n\t") for p in ITEM.split("\n" + (value or ""))]
    return [p[:limit] for p in parts if p][:30]


def fields_from(submission: Submission) -> tuple[dict, list[str]]:
    """(values for the page, notes for the editor about what could not be used)."""
    from project_pages.vocabularies import Phase

    text = _first_text(submission)
    found = submission_template.read_template(text)
    notes: list[str] = []
    values: dict = {
        "title": (
            found.get("title")
            or submission.subject
            or f"Submission {submission.reference}"
        )[:255]
    }
    if not found:
        values["description"] = text
        notes.append("No template headings found: the whole text is the description.")
    else:
        values["summary"] = found.get("summary", "")
        values["description"] = found.get("description", "")
        values["savings_notes"] = found.get("savings", "")
        amount = _money(found.get("savings", ""))
        if amount is not None:
            values["savings_amount_eur"] = amount
        started = submission_template.parse_start_date(found.get("start_date"))
        if started:
            values["start_date"] = started
        values["objectives"] = [
            ("general", item[:500]) for item in _items(found.get("objectives", ""), 500)
        ]
        analysis = [
            ("barrier", {"title": item, "description": "", "mitigation": ""})
            for item in _items(found.get("barriers", ""))
        ]
        analysis += [
            ("benefit", {"title": item, "description": "", "indicator": ""})
            for item in _items(found.get("benefits", ""))
        ]
        analysis += [
            (
                "technology",
                {"name": item[:120], "kind": "", "open_source": False, "url": ""},
            )
            for item in _items(found.get("technologies", "").replace(",", ";"), 120)
        ]
        values["analysis"] = analysis
        for key, label in (("entity", "Entity"), ("municipality", "Municipality")):
            if found.get(key):
                notes.append(f"{label} given: {found[key][:200]}")
    phase = submission_template.match_phase(found.get("phase")) if found else None
    if phase is None:
        phase = Phase.PROTOTYPE
        notes.append("Phase not given or not recognised: set to prototype, check it.")
    values["phase"] = phase
    areas = submission_template.match_areas(found.get("areas")) if found else []
    if not areas:
        notes.append("Area not recognised: choose one before publishing.")
    email = EMAIL.search(found.get("contact_email", "")) if found else None
    contact = {
        "name": found.get("contact_name", "")[:255],
        "email": email.group(0) if email else "",
        "phone": found.get("contact_phone", "")[:50],
    }
    if not contact["email"] and submission.sender_email:
        contact["email"] = submission.sender_email
        contact["name"] = contact["name"] or submission.sender_name
    values["_areas"] = areas
    values["_contact"] = contact
    values["_entity"] = found.get("entity", "")
    values["_links"] = URL.findall(found.get("links", "")) if found else []
    return values, notes


@transaction.atomic
def create_draft(submission: Submission, user):
    from project_pages.models import (
        Area,
        Entity,
        ProjectContact,
        ProjectEntity,
        ProjectPage,
    )
    from project_pages.site_structure import project_index_for

    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.page_id:
        return submission.page
    values, notes = fields_from(submission)
    areas = values.pop("_areas")
    contact = values.pop("_contact")
    entity_name = values.pop("_entity")
    links = values.pop("_links")
    page = ProjectPage(**values, live=False, owner=user)
    documentation = []
    for message in submission.messages.all():
        for attachment in message.attachments.select_related("document", "image"):
            if attachment.document_id:
                documentation.append(
                    ("document", {"document": attachment.document, "title": ""})
                )
            elif attachment.image_id:
                documentation.append(
                    ("image", {"image": attachment.image, "caption": ""})
                )
    for link in links[:20]:
        documentation.append(("link", {"kind": "website", "title": "", "url": link}))
    page.documentation = documentation
    if contact.get("name") or contact.get("email"):
        page.contacts = [
            ProjectContact(
                name=contact.get("name") or contact.get("email"),
                email=contact.get("email", ""),
                phone=contact.get("phone", ""),
            )
        ]
    entity = (
        Entity.objects.filter(name__iexact=entity_name.strip()).first()
        if entity_name.strip()
        else None
    )
    if entity is not None:
        page.project_entities = [ProjectEntity(entity=entity)]
    elif entity_name.strip():
        notes.append("Entity not in the list of entities: add it, then choose it.")
    index = project_index_for(submission.language or "ca")
    index.add_child(instance=page)
    if areas:
        page.areas.set(Area.objects.filter(code__in=areas))
        page.save()
    page.save_revision(user=user, log_action=True)
    submission.page = page
    _set_status(submission, Status.ACCEPTED)
    submission.save()
    text = f"{page.title} (page {page.pk})"
    if notes:
        text += ". " + " ".join(notes)
    _event(submission, EventKind.DRAFT, user, text)
    return page
