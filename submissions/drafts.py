"""A draft project file from a submission.

The fields come from the template's headings when the sender used them
(submissions/template.py reads them in Catalan, Spanish or English), in the
message or in an attached DOCX, ODT or PDF (submissions/extraction.py; what the
message says wins); otherwise the whole text goes to the description for the
editor to split. Lists keep one item per line, and a barrier keeps how it was
overcome as its mitigation (submissions/items.py). The lead entity is the one the
template names, else the municipality the signature or the sender's address
points to in the gazetteer (submissions/lead_entity.py), made from the gazetteer
when it is not among the entities yet. Attachments go to the
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
from .extraction import document_text
from .items import split_barriers, split_items
from .models import EventKind, Status, Submission

URL = re.compile(r"https?://[^\s<>\"')]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MONEY = re.compile(r"(\d[\d.\s]*(?:,\d+)?)\s*(?:€|eur|euros?)", re.IGNORECASE)
# "Re:", "Fwd:", "RV:", "[OBS-12]" in front of a subject.
REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|rv|tr|enc|reenv|aw|wg)\s*(?:\[\d+\])?\s*:\s*|"
    r"\[\s*obs-\d+\s*\]\s*)+",
    re.IGNORECASE,
)


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
    """Lines, bullets or semicolon-separated parts of a field, each its own item."""
    return split_items(value, limit)


def _attachments(submission: Submission):
    from .models import Attachment

    return Attachment.objects.filter(
        message__submission=submission, document__isnull=False
    ).select_related("document", "message")


def read_fields(submission: Submission) -> tuple[dict[str, str], str, list[str]]:
    """(the template's fields, the message's text, notes): the headings of the
    messages first, then those of attached documents for what the messages lack."""
    text = _first_text(submission)
    found = submission_template.read_template(text)
    notes: list[str] = []
    for attachment in _attachments(submission):
        extracted = document_text(attachment)
        more = submission_template.read_template(extracted) if extracted else {}
        added = [key for key in more if key not in found]
        if added:
            found.update({key: more[key] for key in added})
            notes.append(
                f"From the attachment {attachment.filename}: {', '.join(added)}."
            )
    return found, text, notes


_GREETING = re.compile(
    r"^(?:bon dia|bona tarda|hola|benvolguts?|benvolguda|estimats?|buenos días|"
    r"buenas tardes|estimad[oa]s?|apreciad[oa]s?|hello|hi|dear|good morning)\b"
    r".{0,60}[,:!]?\s*$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^(?:--\s*$|(?:moltes\s+)?gràcies\b|salutacions|cordialment|atentament|"
    r"una abraçada|(?:un\s+)?salud(?:o|os)\b|atentamente|cordialmente|"
    r"(?:muchas\s+)?gracias\b|un abrazo|(?:best|kind|warm)?\s*regards|"
    r"best wishes|thanks|thank you|yours sincerely|sincerely)",
    re.IGNORECASE,
)


def prose(text: str) -> str:
    """The sender's own words in a message without the template: no greeting, no
    sign-off or signature, no quoted lines (a forwarded message is kept whole)."""
    lines = text.splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith("---------- Forwarded message"):
            kept.extend(lines[index:])
            break
        if _SIGN_OFF.match(line.strip()):
            forward = next(
                (
                    i
                    for i in range(index, len(lines))
                    if lines[i].startswith("---------- Forwarded message")
                ),
                None,
            )
            if forward is not None:
                kept.extend(["", *lines[forward:]])
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    while kept and not kept[0].strip():
        kept.pop(0)
    if kept and _GREETING.match(kept[0].strip()):
        kept.pop(0)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def name_and_role(value: str) -> tuple[str, str]:
    """ "Anna Puig, cap de sistemes" → ("Anna Puig", "cap de sistemes")."""
    value = " ".join((value or "").split())
    match = re.match(
        r"^(?P<name>[^,(–—]+?)\s*(?:,|\s[-–—]\s|\()\s*(?P<role>.+?)\)?$", value
    )
    if match and len(match.group("name").split()) <= 5:
        return match.group("name").strip(), match.group("role").strip()
    return value, ""


def clean_subject(subject: str) -> str:
    """The subject without "Re:", "Fwd:" or our reference in front."""
    return REPLY_PREFIX.sub("", subject or "").strip()


def fields_from(submission: Submission) -> tuple[dict, list[str]]:
    """(values for the page, notes for the editor about what could not be used)."""
    from project_pages.vocabularies import Phase

    found, text, notes = read_fields(submission)
    values: dict = {
        "title": (
            found.get("title")
            or clean_subject(submission.subject)
            or f"Submission {submission.reference}"
        )[:255]
    }
    if not found:
        values["description"] = prose(text) or text
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
            (
                "barrier",
                {"title": item.title, "description": "", "mitigation": item.mitigation},
            )
            for item in split_barriers(found.get("barriers", ""))
        ]
        analysis += [
            ("benefit", {"title": item, "description": "", "indicator": ""})
            for item in _items(found.get("benefits", ""))
        ]
        analysis += [
            (
                "technology",
                {"name": item[:120], "kind": "", "open_source": "", "url": ""},
            )
            for item in split_items(found.get("technologies", ""), 120, commas=True)
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
    contact_name, role = name_and_role(found.get("contact_name", ""))
    contact = {
        "name": contact_name[:255],
        "role": role[:255],
        "email": email.group(0) if email else "",
        "phone": found.get("contact_phone", "")[:50],
    }
    if not contact["email"] and submission.sender_email:
        contact["email"] = submission.sender_email
        contact["name"] = contact["name"] or submission.sender_name
    values["_areas"] = areas
    values["_contact"] = contact
    values["_entity"] = found.get("entity", "")
    values["_clues"] = {
        "entity": found.get("entity", ""),
        "municipality": found.get("municipality", ""),
        "text": text,
        "emails": [
            address
            for address in (submission.sender_email, contact["email"])
            if address
        ],
    }
    values["_links"] = URL.findall(found.get("links", "")) if found else []
    return values, notes


def lead_entity(entity_name: str, clues: dict, notes: list[str]):
    """The draft's lead entity: the one the template names exactly, else the
    municipality the clues point to (an existing municipal entity, or one made
    from the gazetteer, said in ``notes``); None when nothing is certain."""
    from project_pages.models import Entity
    from project_pages.vocabularies import EntityKind

    from .lead_entity import guess_place, town_hall_name

    if entity_name.strip():
        entity = Entity.objects.filter(name__iexact=entity_name.strip()).first()
        if entity is not None:
            return entity
    guess = guess_place(**clues)
    if guess is None:
        if entity_name.strip():
            notes.append("Entity not in the list of entities: add it, then choose it.")
        return None
    place = guess.place
    entity = (
        Entity.objects.filter(
            kind=EntityKind.MUNICIPALITY,
            municipality__iexact=place.name,
            country=place.country,
        )
        .order_by("pk")
        .first()
    )
    name = town_hall_name(place, guess.written)
    if entity is None:
        entity = Entity.objects.filter(name__iexact=name, country=place.country).first()
    if entity is not None:
        notes.append(f"Lead entity {entity.name}, from {guess.clue}.")
        return entity
    entity = Entity.objects.create(
        name=name[:255],
        kind=EntityKind.MUNICIPALITY,
        municipality=place.name,
        region=place.county_or_region,
        country=place.country,
        population=place.population or None,
        latitude=place.latitude,
        longitude=place.longitude,
    )
    notes.append(
        f"Lead entity {entity.name} created from the gazetteer ({place.label}), "
        f"from {guess.clue}: check it."
    )
    return entity


@transaction.atomic
def create_draft(submission: Submission, user):
    from project_pages.models import (
        Area,
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
    clues = values.pop("_clues")
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
                role=contact.get("role", ""),
                email=contact.get("email", ""),
                phone=contact.get("phone", ""),
            )
        ]
    entity = lead_entity(entity_name, clues, notes)
    if entity is not None:
        page.project_entities = [ProjectEntity(entity=entity)]
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
