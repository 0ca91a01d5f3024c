"""What the parser hands the ingester: plain data, no ``email`` objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

FORWARD_LINE = "---------- Forwarded message ----------"


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    size: int
    path: Path | None
    dropped: str = ""
    origin: str = ""  # "", "forwarded" or "tnef"
    is_image: bool = False
    inline: bool = False  # shown in the body (Content-Disposition inline / cid)
    content_id: str = ""  # without <>, so HTML "cid:" references can be resolved


@dataclass
class ParsedMessage:
    message_id: str = ""
    content_hash: str = ""
    size: int = 0
    from_name: str = ""
    from_email: str = ""
    reply_to: str = ""
    return_path: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    date: datetime | None = None
    subject: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    html: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    loop: str = ""
    language: str = ""
    problems: list[str] = field(default_factory=list)
