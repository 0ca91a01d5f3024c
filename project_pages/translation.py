"""A translated copy of a project file that starts from a machine translation.

Editors translate a project file with Wagtail's "Translate" action (a copy in the
other language, a draft). Ticking "Start from a machine translation" fills the
copy's texts with Apertium's translation (machine_translation.translate: kept
translations first, one batch for the rest), makes its slug from the translated
title, and marks it "machine translation, to review" until an editor saves it in
the admin. What is not prose stays as written: names of technologies, links,
dates, numbers, tags, entities.
"""

from __future__ import annotations

from django.utils.text import slugify

from machine_translation import service as machine_translation

# Text fields of the page, in the order an editor reads them.
PAGE_FIELDS = (
    "title",
    "summary",
    "description",
    "value",
    "savings_notes",
    "plan",
    "scope",
)
# Keys of block values that hold prose; blocks of these types are left alone.
BLOCK_TEXT_KEYS = {"title", "description", "mitigation", "indicator", "caption", "name"}
UNTRANSLATED_BLOCKS = {"technology"}
STREAM_FIELDS = ("analysis", "objectives", "milestones", "documentation")


def _block_texts(raw: list[dict]) -> list[str]:
    texts = []
    for block in raw:
        if block["type"] in UNTRANSLATED_BLOCKS:
            continue
        value = block["value"]
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            texts += [
                v
                for k, v in value.items()
                if k in BLOCK_TEXT_KEYS and isinstance(v, str)
            ]
    return texts


def _translate_blocks(raw: list[dict], found: dict[str, str]) -> list[dict]:
    result = []
    for block in raw:
        value = block["value"]
        if block["type"] not in UNTRANSLATED_BLOCKS:
            if isinstance(value, str):
                value = found.get(value, value)
            elif isinstance(value, dict):
                value = {
                    k: found.get(v, v)
                    if k in BLOCK_TEXT_KEYS and isinstance(v, str)
                    else v
                    for k, v in value.items()
                }
        result.append({**block, "value": value})
    return result


def texts_of(page) -> list[str]:
    texts = [getattr(page, name) or "" for name in PAGE_FIELDS]
    for name in STREAM_FIELDS:
        texts += _block_texts(list(getattr(page, name).raw_data))
    return [text for text in texts if text.strip()]


def machine_translate_copy(copy, source_language: str) -> bool:
    """Fill a fresh translated copy (a draft) with the machine translation of its
    texts, from ``source_language`` into the copy's language. False (the copy is
    left as it was) when the engine is off or could not translate the title."""
    target = copy.locale.language_code
    if not machine_translation.enabled() or source_language == target:
        return False
    found = machine_translation.translate(texts_of(copy), source_language, target)
    if copy.title not in found:
        return False
    for name in PAGE_FIELDS:
        text = getattr(copy, name) or ""
        setattr(copy, name, found.get(text, text))
    for name in STREAM_FIELDS:
        raw = list(getattr(copy, name).raw_data)
        setattr(copy, name, _translate_blocks(raw, found))
    copy.draft_title = copy.title
    base = slugify(copy.title)[:240] or copy.slug
    copy.slug = base
    parent = copy.get_parent()
    number = 1
    while not copy._slug_is_available(copy.slug, parent, copy):
        number += 1
        copy.slug = f"{base}-{number}"
    copy.machine_translated = True
    copy.save()
    copy.save_revision(log_action=False)
    return True
