"""Members' text as safe HTML: a small Markdown, then an allow-list sanitiser.

Comments, forum topics and replies share this one function, so that what is safe
is decided in one place. Two layers, on purpose:

1. Markdown with everything but the "lite" subset switched off: no raw HTML (it
   stays text), no images, no headings, no horizontal rules. Bare URLs become
   links. This keeps the output small and predictable.
2. ``nh3`` (ammonia) with a strict allow-list: even if a Markdown trick produced
   something unexpected, only these tags and ``a[href]`` with an absolute http,
   https or mailto URL survive, and every link gets ``rel="nofollow ugc noopener"``.

The function is pure (same text, same HTML), so its result is memoised per process
and may be cached anywhere.
"""

import re
import threading
import xml.etree.ElementTree as etree  # noqa: S405 - builds a tree, parses nothing
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "a"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# A bare URL: scheme and host, then anything but spaces and brackets; trailing
# punctuation (the end of a sentence) is left out of the link.
BARE_URL = re.compile(
    r"(?<![\w/@=\"'])(https?://[^\s<>\"'\x02\x03]+?)(?=[.,;:!?)\]]*(?:\s|$|[<>\"']))",
    re.IGNORECASE,
)


class BareUrlLinker(Treeprocessor):
    """Turns bare http(s) URLs in text into links, except inside links and code
    (which a Markdown inline pattern could not avoid: link text is re-parsed)."""

    SKIP = {"a", "code", "pre"}

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in self.SKIP:
            return
        for child in list(element):
            self._walk(child)
        if element.text:
            pieces = self._split(element.text)
            if pieces:
                element.text = pieces[0]
                for index, node in enumerate(pieces[1:]):
                    element.insert(index, node)
        for index, child in reversed(list(enumerate(element))):
            if child.tail:
                pieces = self._split(child.tail)
                if pieces:
                    child.tail = pieces[0]
                    for offset, node in enumerate(pieces[1:], start=1):
                        element.insert(index + offset, node)

    @staticmethod
    def _split(text: str) -> list | None:
        """``[leading text, <a>, <a>, ...]`` (each link carries the text after it
        as its tail), or None when the text holds no URL."""
        matches = list(BARE_URL.finditer(text))
        if not matches:
            return None
        pieces: list = [text[: matches[0].start()]]
        for number, match in enumerate(matches):
            link = etree.Element("a", {"href": match.group(1)})
            link.text = match.group(1)
            end = matches[number + 1].start() if number + 1 < len(matches) else None
            link.tail = text[match.end() : end]
            pieces.append(link)
        return pieces


class LiteExtension(markdown.Extension):
    """Switches off what the "lite" subset leaves out."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (API name)
        # Raw HTML is never passed through: without these it is escaped as text.
        # The stash still restores the entities (&amp;) that the "entity" pattern
        # keeps: nothing else is stashed once these are gone.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        for name in ("image_link", "image_reference", "short_image_ref"):
            md.inlinePatterns.deregister(name)
        for name in ("hashheader", "setextheader", "hr"):
            md.parser.blockprocessors.deregister(name)
        md.treeprocessors.register(BareUrlLinker(md), "bare_urls", 5)


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One converter per thread (a ``Markdown`` instance keeps state)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=[LiteExtension(), "nl2br", "sane_lists"],
            output_format="html",
        )
        _local.converter = converter
    return converter


def sanitise(html: str) -> str:
    """The allow-list, applied to any HTML (Markdown's output here)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        # "*": no attribute on every tag (ammonia otherwise allows lang and title).
        attributes={"*": set()}
        | {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    converter = _markdown()
    try:
        html = converter.convert(text)
    finally:
        converter.reset()
    return sanitise(html)


def render_text(text: str | None) -> SafeString:
    """A member's Markdown-lite text as HTML that is safe to insert in a page."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    # Line endings and NUL characters never matter to the reader.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return mark_safe(_render(text))  # noqa: S308 - sanitised by nh3 just above
