"""The language a message is written in, told by its function words."""

from __future__ import annotations

import re

from .results import FORWARD_LINE

_FUNCTION_WORDS = {
    "ca": {
        "amb", "els", "les", "és", "dels", "aquest", "aquesta", "aquests", "per",
        "hem", "què", "perquè", "també", "són", "molt", "i", "pel", "als", "seu",
        "seva", "nostre", "nostra", "ajuntament", "projecte", "hi", "ens", "us",
        "però", "fer", "tenim", "han",
    },
    "es": {
        "los", "las", "con", "para", "es", "este", "esta", "hemos", "qué", "y",
        "por", "pero", "muy", "también", "nuestro", "nuestra", "ayuntamiento",
        "proyecto", "son", "como", "más", "lo", "hay", "tenemos", "han", "porque",
        "sus", "estos",
    },
    "en": {
        "the", "and", "with", "for", "this", "we", "our", "is", "are", "of", "to",
        "that", "have", "from", "project", "council", "it", "be", "has", "which",
    },
}  # fmt: skip


_QUOTED_HEADERS = ("From:", "To:", "Cc:", "Date:", "Subject:", "Sent:", FORWARD_LINE)


def guess_language(subject: str, text: str) -> str:
    """ "ca", "es" or "en" by counting function words; "" when unsure."""
    body = "\n".join(
        line
        for line in (text or "").splitlines()[:400]
        if not line.startswith((">", *_QUOTED_HEADERS))
    )
    words = re.findall(r"[^\W\d_]+", f"{subject}\n{body}".lower())[:5000]
    scores = {
        lang: sum(1 for word in words if word in vocabulary)
        for lang, vocabulary in _FUNCTION_WORDS.items()
    }
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 3 and top >= 1.5 * second:
        return best
    return ""
