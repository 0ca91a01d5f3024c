"""Which texts of a project file are prose in a language, and which blocks of a
translation are still in the language they were copied from.

Wagtail's "Translate" action copies a project file to another language with
every StreamField block (and its id); an editor then translates the blocks one
by one. A block whose prose is still exactly that of another language version
of the file is in that language: the page marks it with ``lang`` so that a
screen reader reads it with the right voice and a browser offers to translate
it (``untranslated_blocks``). The machine translation module translates the
same texts (machine_translation/pages.py).
"""

from __future__ import annotations

# Keys of block values that hold prose; blocks of these types hold none.
BLOCK_TEXT_KEYS = {"title", "description", "mitigation", "indicator", "caption", "name"}
UNTRANSLATED_BLOCKS = {"technology"}
STREAM_FIELDS = ("analysis", "objectives", "milestones", "documentation")


def block_prose(block: dict) -> list[str]:
    """The prose of one block (its raw data), in reading order."""
    if block["type"] in UNTRANSLATED_BLOCKS:
        return []
    value = block["value"]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            v for k, v in value.items() if k in BLOCK_TEXT_KEYS and isinstance(v, str)
        ]
    return []


def _prose_by_id(page) -> dict[str, tuple[str, ...]]:
    found = {}
    for name in STREAM_FIELDS:
        for block in getattr(page, name).raw_data:
            prose = tuple(text for text in block_prose(block) if text.strip())
            if prose and block.get("id"):
                found[block["id"]] = prose
    return found


def untranslated_blocks(page) -> dict[str, str]:
    """``{block id: language code}`` for the blocks of ``page`` whose prose is
    exactly that of the same block in an older live language version of the file
    (the one it was translated from, or that one's source): a translation is made
    after its original, so the original, the oldest, has nothing to mark. One
    query; empty for a file in one language."""
    from project_pages.models import ProjectPage

    others = (
        ProjectPage.objects.live()
        .filter(translation_key=page.translation_key)
        .filter(pk__lt=page.pk)
        .exclude(locale_id=page.locale_id)
        .select_related("locale")
        .only("locale__language_code", *STREAM_FIELDS)
        .order_by("pk")
    )
    mine = _prose_by_id(page)
    result: dict[str, str] = {}
    if not mine:
        return result
    for other in others:
        for block_id, prose in _prose_by_id(other).items():
            if block_id not in result and mine.get(block_id) == prose:
                result[block_id] = other.locale.language_code
    return result
