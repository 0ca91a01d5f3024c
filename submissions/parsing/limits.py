"""How much of a message is read and kept: fixed bounds, and ``Limits`` (from
``settings.SUBMISSIONS``) for what an installation may tune.
"""

from __future__ import annotations

from dataclasses import dataclass

READ_CHUNK = 64 * 1024
DECODE_STEP = 1024 * 1024  # characters of encoded payload decoded at a time
MAX_FORWARD_DEPTH = 5
MAX_PART_DEPTH = 50
MAX_HEADERS = 500
MAX_HEADER_CHARS = 2000
MAX_SUBJECT_CHARS = 300
MAX_TEXT_PART_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000
MAX_HTML_CHARS = 2_000_000
MAX_ADDRESSES = 100
MAX_REFERENCES = 200
MAX_MESSAGE_ID_CHARS = 500
MAX_PROBLEMS = 100
MAX_FILENAME_CHARS = 120
MAX_NESTED_ZIP_BYTES = 32 * 1024 * 1024
# The head of a message kept aside, read again when the parser gives up on it.
FALLBACK_BYTES = 1024 * 1024

MB = 1024 * 1024


@dataclass
class Limits:
    """How much one message may bring in; defaults from ``settings.SUBMISSIONS``.

    ``max_message_bytes`` is the total of the attachments kept from one message.
    """

    max_attachment_bytes: int
    max_message_bytes: int
    max_attachments: int
    max_archive_uncompressed_bytes: int
    max_archive_ratio: int
    max_archive_members: int
    # Raw bytes handed to the parser (the rest is hashed, not parsed). Base64 makes
    # attachments a third larger, so by default half as much again as the total
    # allowed for attachments: the total rule can then bite before this one.
    max_parse_bytes: int | None = None

    def __post_init__(self) -> None:
        if self.max_parse_bytes is None:
            self.max_parse_bytes = self.max_message_bytes * 3 // 2

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        conf = settings.SUBMISSIONS
        return cls(
            max_attachment_bytes=conf["MAX_ATTACHMENT_BYTES"],
            max_message_bytes=conf["MAX_MESSAGE_BYTES"],
            max_attachments=conf["MAX_ATTACHMENTS"],
            max_archive_uncompressed_bytes=conf["MAX_ARCHIVE_UNCOMPRESSED_BYTES"],
            max_archive_ratio=conf["MAX_ARCHIVE_RATIO"],
            max_archive_members=conf["MAX_ARCHIVE_MEMBERS"],
            max_parse_bytes=conf.get("MAX_PARSE_BYTES"),
        )
