"""Turn one raw email message into plain data the ingester can store, whatever it holds.

Mail reaching a public address is messy: every charset (declared or not, truthful or
not), broken MIME structure, bad base64, HTML-only bodies, forwards of forwards,
Outlook's winmail.dat, hostile file names and zip bombs. ``parse_message`` never
raises on any of it: what it cannot read becomes a human-readable note in
``problems`` and the rest is kept, because a message lost to a parsing error is a
municipality's submission lost.

Memory stays bounded on large messages: the raw bytes are fed to the standard
library's ``email`` parser in chunks while they are hashed (never read whole and then
copied), and each attachment is decoded once, chunk by chunk, straight into a file in
``workdir``; its encoded text is released as soon as it is written.

The steps, one module each: ``message`` (the entry point: feeding the parser, filling
the result), ``mime`` (walking the parts), ``transfer`` (base64 and
quoted-printable), ``charsets`` (bytes to text), ``headers`` (encoded words,
addresses, ids, dates), ``state`` (notes and attachments), ``archives`` (zip and
gzip bombs), ``filenames``, ``html_text``, ``language`` and ``loops`` (RFC 3834).
Where the standard library is used and where it is not, and why:
docs/decisions/0015-mail-parsing-with-the-standard-library.md.
"""

from .filenames import safe_filename
from .headers import normalize_message_id
from .html_text import html_to_text, sanitize_html
from .language import guess_language
from .limits import Limits
from .message import parse_message
from .results import FORWARD_LINE, ParsedAttachment, ParsedMessage

__all__ = [
    "FORWARD_LINE",
    "Limits",
    "ParsedAttachment",
    "ParsedMessage",
    "guess_language",
    "html_to_text",
    "normalize_message_id",
    "parse_message",
    "safe_filename",
    "sanitize_html",
]
