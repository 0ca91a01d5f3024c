"""The text of attached documents (DOCX, ODT, PDF), for the draft project file.

Senders often fill the submission template in a word processor and attach it, or
attach a project sheet of their own. ``document_text`` reads the stored file of an
attachment's Wagtail document into plain text, one paragraph per line (headings
and table cells too, so that "Títol | Cita prèvia" in a two-column table reads as
a heading and its value), for ``template.read_template`` to find the headings in.

These files come from strangers: a file that is too big, has too many pages, is
not what its name says, declares a DTD or an entity (no OpenDocument or Office
Open XML part needs one), or makes a library fail is skipped with a log line,
never failing the draft. Only the first ``MAX_PAGES`` pages of a PDF and the
first ``MAX_CHARS`` characters of any document are read. python-docx parses with
``resolve_entities=False`` and odfpy through defusedxml, so no external entity is
ever fetched.
"""

from __future__ import annotations

import io
import logging
import re
import time
import zipfile
from pathlib import Path

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PAGES = 50
MAX_CHARS = 200_000
# Uncompressed XML of a DOCX or ODT, all parts together, and the ratio to the
# compressed size above which it is a zip bomb.
MAX_XML_BYTES = 30 * 1024 * 1024
MAX_RATIO = 200
MAX_SECONDS = 20.0

KINDS = ("docx", "odt", "pdf")
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class Unreadable(Exception):
    """A document this module refuses to read, with the reason."""


def kind_of(filename: str, head: bytes) -> str | None:
    """ "docx", "odt" or "pdf" by the file's first bytes, checked against its name
    (a renamed file is read as what it is, if it is one of them)."""
    suffix = Path(filename or "").suffix.lower().lstrip(".")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if suffix in ("docx", "odt"):
            return suffix
        return "zip"  # decided by the members (_zip_kind)
    return None


def document_text(attachment) -> str:
    """The text of an attachment's stored document, or "" when it has none, is not
    a DOCX, ODT or PDF, or cannot be read safely (logged)."""
    document = getattr(attachment, "document", None)
    if document is None or not document.file:
        return ""
    name = attachment.filename or document.file.name
    try:
        size = document.file.size
        if size > MAX_FILE_BYTES:
            raise Unreadable(f"{size} bytes, more than {MAX_FILE_BYTES}")
        with document.file.open("rb") as handle:
            head = handle.read(8)
            if kind_of(name, head) is None:
                return ""  # not worth reading further
            data = head + handle.read(MAX_FILE_BYTES + 1 - len(head))
        return text_of(name, data)
    except Exception as error:  # noqa: BLE001 - a hostile file never fails the draft
        logger.warning("Attachment %r not read: %s", name, error)
        return ""


def text_of(filename: str, data: bytes) -> str:
    """The text of a DOCX, ODT or PDF file's bytes; "" for other kinds. Raises
    ``Unreadable`` (or a library's error) for a file it will not read."""
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(f"more than {MAX_FILE_BYTES} bytes")
    kind = kind_of(filename, data[:8])
    if kind in ("docx", "odt", "zip"):
        kind = _zip_kind(data)
    if kind == "docx":
        text = _docx_text(data)
    elif kind == "odt":
        text = _odt_text(data)
    elif kind == "pdf":
        text = _pdf_text(data)
    else:
        return ""
    return _tidy(text)[:MAX_CHARS]


def _zip_kind(data: bytes) -> str | None:
    """ "docx" or "odt" by what the archive holds; refuses bombs and DTDs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Unreadable(f"not a zip archive: {error}") from error
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" in names:
            kind = "docx"
        elif "content.xml" in names:
            kind = "odt"
        else:
            return None
        total = 0
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            total += info.file_size
            if total > MAX_XML_BYTES:
                raise Unreadable("its XML is too large")
            if info.file_size > MAX_RATIO * max(info.compress_size, 1) + 10_000:
                raise Unreadable(f"{info.filename} is compressed suspiciously well")
            with archive.open(info) as member:
                if _DTD.search(member.read(MAX_XML_BYTES)):
                    raise Unreadable(f"{info.filename} declares a DTD or an entity")
    return kind


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    size = 0

    def paragraph(par: Paragraph) -> None:
        nonlocal size
        text = par.text.replace("\t", " ").strip()
        style = (par.style.name if par.style is not None else "") or ""
        numbered = par._p.pPr is not None and par._p.pPr.numPr is not None
        if text and (numbered or style.lower().startswith("list")):
            text = f"- {text}"
        lines.append(text)
        size += len(text)

    def table(tab: Table) -> None:
        for row in tab.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell comes back once per column
                    continue
                seen.add(id(cell._tc))
                for inner in cell.iter_inner_content():
                    if size > MAX_CHARS:
                        return
                    (table if isinstance(inner, Table) else paragraph)(inner)
            lines.append("")

    for block in document.iter_inner_content():
        if size > MAX_CHARS:
            break
        (table if isinstance(block, Table) else paragraph)(block)
    return "\n".join(lines)


def _odt_text(data: bytes) -> str:
    from odf import opendocument, teletype
    from odf.namespaces import TABLENS, TEXTNS

    document = opendocument.load(io.BytesIO(data))
    lines: list[str] = []
    size = 0

    def walk(node, in_list: bool = False) -> None:
        nonlocal size
        for child in node.childNodes:
            if size > MAX_CHARS:
                return
            if child.nodeType != child.ELEMENT_NODE:
                continue
            namespace, tag = child.qname
            if namespace == TEXTNS and tag in ("p", "h"):
                text = teletype.extractText(child).replace("\t", " ").strip()
                lines.append(f"- {text}" if in_list and text else text)
                size += len(text)
            elif namespace == TEXTNS and tag == "list-item":
                walk(child, in_list=True)
            elif namespace == TABLENS and tag == "table-row":
                walk(child, in_list)
                lines.append("")
            else:
                walk(child, in_list)

    walk(document.text)
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many forms are "encrypted" with an empty password only to stop edits.
        try:
            reader.decrypt("")
        except Exception as error:  # noqa: BLE001 - any failure: not readable
            raise Unreadable(f"encrypted: {error}") from error
    texts: list[str] = []
    size = 0
    started = time.monotonic()
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or size > MAX_CHARS:
            break
        if time.monotonic() - started > MAX_SECONDS:
            logger.warning("PDF text cut after %s pages: too slow", number)
            break
        text = page.extract_text() or ""
        texts.append(text)
        size += len(text)
    return "\n".join(texts)


def _tidy(text: str) -> str:
    """One space between words, no control characters, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
