"""What a card of a project file in another language says: its language, and its
machine translation into the reader's (machine_translation/reading.py), so that a
visitor is told before a click switches the whole interface."""

from django.utils import translation

from machine_translation import reading

from .engines.base import Hit


def language_name(code: str) -> str:
    """A language's name as a sentence says it in the active language: "in
    Catalan", "en català", "en catalán" (lower case but in English)."""
    name = str(translation.get_language_info(code)["name_translated"])
    if translation.get_language() in ("ca", "es"):
        name = name[:1].lower() + name[1:]
    return name


def language_line(hit: Hit, language: str) -> dict:
    """``language_name``: said when the page shown is not in ``language``;
    ``machine_translation_url``: offered when the project has no page in it."""
    if not hit.language or hit.language == language:
        return {"language_name": "", "machine_translation_url": None}
    in_language = any(other["language"] == language for other in hit.translations)
    return {
        "language_name": language_name(hit.language),
        "machine_translation_url": None
        if in_language
        else reading.offer_url(hit.id, hit.language, language),
    }
