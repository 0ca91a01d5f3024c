"""HTML bodies: sanitised for the admin (nh3) and turned into readable text
(BeautifulSoup).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import nh3
from bs4 import BeautifulSoup

from .helpers import clean_text
from .limits import MAX_HTML_CHARS

if TYPE_CHECKING:
    from .state import State


class _DropRemoteImages:
    """nh3 attribute filter: remote image sources leak that the mail was opened."""

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            lowered = value.strip().lower()
            if lowered.startswith(("http:", "https:", "//")) or "://" in lowered:
                return None
        return value


_CLEANER = nh3.Cleaner(
    url_schemes={*nh3.ALLOWED_URL_SCHEMES, "cid"},
    attribute_filter=_DropRemoteImages(),
    link_rel="nofollow noopener noreferrer",
)
_IMG_WITHOUT_SRC = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>", re.I)


def sanitize_html(html: str, state: State | None = None) -> str:
    """Safe to show in the admin: no scripts, styles, handlers or remote images."""
    if len(html) > MAX_HTML_CHARS:
        if state:
            state.note(
                f"The HTML is longer than {MAX_HTML_CHARS} characters: truncated."
            )
        html = html[:MAX_HTML_CHARS]
    try:
        cleaned = _CLEANER.clean(html)
    except Exception:  # noqa: BLE001 - never let the sanitiser stop ingestion
        return ""
    return clean_text(_IMG_WITHOUT_SRC.sub("", cleaned)).strip()


_BLOCKS = (
    "p", "div", "table", "tr", "ul", "ol", "blockquote", "pre", "section",
    "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "address", "dl", "dt", "dd", "form", "fieldset", "figure", "nav", "aside",
)  # fmt: skip


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: blocks on their own lines, list items dashed."""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    try:
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup(["script", "style", "head", "title", "template", "noscript"]):
            tag.decompose()
        for tag in soup.find_all("br"):
            tag.replace_with("\n")
        for tag in soup.find_all("li"):
            tag.insert_before("\n- ")
            tag.insert_after("\n")
        for tag in soup.find_all(["td", "th"]):
            tag.insert_after(" ")
        for tag in soup.find_all(_BLOCKS):
            tag.insert_before("\n")
            tag.insert_after("\n")
        text = soup.get_text()
    except Exception:  # noqa: BLE001 - fall back to stripping tags crudely
        text = re.sub(r"<[^>]*>", " ", html)
    text = text.replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return clean_text(text)
