"""What one parse collects as it goes: the notes for editors and the attachments,
spooled to the work folder, checked and identified from their bytes.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .archives import archive_check
from .filenames import safe_filename, split_ext, truncate_filename
from .helpers import megabytes
from .limits import MAX_PROBLEMS, Limits
from .results import ParsedAttachment


@dataclass
class Segment:
    """A piece of body: plain text, HTML, or an already formatted forward."""

    text: str | None = None
    html: str | None = None
    forward: str | None = None


class State:
    """The notes and attachments of one parse: every step reports here rather than
    raising, and the attachment limits are counted across the whole message."""

    def __init__(self, workdir: Path, limits: Limits):
        self.workdir = workdir
        self.limits = limits
        self.problems: list[str] = []
        self.attachments: list[ParsedAttachment] = []
        self.counter = 0
        self.kept_count = 0
        self.kept_bytes = 0
        self.files = 0
        self.unlisted = 0
        self.dsn = False
        self.truncated = False
        self.last_leaf: ParsedAttachment | None = None

    def note(self, text: str) -> None:
        if text in self.problems:
            return
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append("More problems were found and not listed.")

    # Attachments ------------------------------------------------------------------

    def add_attachment(
        self,
        name: str,
        content_type: str,
        chunks: Iterable[bytes],
        *,
        origin: str = "",
        inline: bool = False,
        content_id: str = "",
        estimate: int = 0,
    ) -> ParsedAttachment | None:
        """Spool one attachment to the workdir, or list it as dropped with why."""
        attachment = self.new_attachment(
            name,
            content_type,
            origin=origin,
            inline=inline,
            content_id=content_id,
            estimate=estimate,
        )
        if attachment is None or attachment.dropped:
            return attachment
        path, size, over = self.spool(chunks, self.room())
        return self.register(attachment, path, size, over)

    def new_attachment(
        self, name, content_type, *, origin="", inline=False, content_id="", estimate=0
    ) -> ParsedAttachment | None:
        self.counter += 1
        content_type = (content_type or "application/octet-stream").lower()
        if len(self.attachments) >= self.limits.max_attachments + 100:
            self.unlisted += 1
            return None
        attachment = ParsedAttachment(
            filename=safe_filename(name, content_type, self.counter),
            content_type=content_type,
            size=estimate,
            path=None,
            origin=origin,
            inline=inline,
            content_id=content_id,
        )
        self.attachments.append(attachment)
        if self.kept_count >= self.limits.max_attachments:
            attachment.dropped = (
                f"Too many attachments: only the first {self.limits.max_attachments} "
                "are kept."
            )
        return attachment

    def register(
        self, attachment: ParsedAttachment, path: Path, size: int, over: bool
    ) -> ParsedAttachment:
        """Keep a spooled file, unless too large, empty, or an archive bomb."""
        attachment.size = size
        if over:
            attachment.dropped = self._too_large(size)
            return attachment
        if size == 0:
            path.unlink(missing_ok=True)
            attachment.dropped = "Empty file."
            return attachment
        attachment.path = path
        self._identify(attachment)
        bomb = archive_check(attachment, self.limits, self)
        if bomb:
            path.unlink(missing_ok=True)
            attachment.path = None
            attachment.dropped = bomb
            return attachment
        self.kept_count += 1
        self.kept_bytes += size
        return attachment

    def room(self) -> int:
        return max(
            0,
            min(
                self.limits.max_attachment_bytes,
                self.limits.max_message_bytes - self.kept_bytes,
            ),
        )

    def _too_large(self, size: int) -> str:
        if size > self.limits.max_attachment_bytes:
            return (
                f"Too large: {megabytes(size)}, over the limit of "
                f"{megabytes(self.limits.max_attachment_bytes)} per attachment."
            )
        return (
            f"Beyond the message total: attachments may add up to "
            f"{megabytes(self.limits.max_message_bytes)} per message."
        )

    def spool(self, chunks: Iterable[bytes], cap: int) -> tuple[Path, int, bool]:
        """Write decoded chunks to a new file; past ``cap`` stop writing but count."""
        self.files += 1
        path = self.workdir / f"part-{self.files:04d}"
        size = 0
        over = False
        with open(path, "wb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if over:
                    continue
                if size > cap:
                    over = True
                    continue
                handle.write(chunk)
        if over:
            path.unlink(missing_ok=True)
        return path, size, over

    def _identify(self, attachment: ParsedAttachment) -> None:
        """Sniff images from their bytes, correcting a lying type or extension."""
        with open(attachment.path, "rb") as handle:
            head = handle.read(32)
        sniffed = _sniff_image(head)
        declared = attachment.content_type
        if sniffed:
            content_type, extensions = sniffed
            attachment.is_image = True
            if declared != content_type and not (
                declared == "image/jpg" and content_type == "image/jpeg"
            ):
                if declared.startswith("image/"):
                    self.note(
                        f"{attachment.filename}: declared {declared} but is "
                        f"{content_type}; corrected."
                    )
                attachment.content_type = content_type
            stem, ext = split_ext(attachment.filename)
            if ext.lower() not in extensions:
                attachment.filename = truncate_filename(stem or "image", extensions[0])
            return
        if declared.startswith("image/") and declared != "image/svg+xml":
            guessed = mimetypes.guess_type(attachment.filename)[0] or ""
            attachment.content_type = (
                guessed
                if guessed and not guessed.startswith("image/")
                else "application/octet-stream"
            )
            self.note(
                f"{attachment.filename}: declared {declared} but is not an image; kept "
                "as a document."
            )
        elif declared == "application/octet-stream":
            guessed = mimetypes.guess_type(attachment.filename)[0]
            if guessed and not guessed.startswith("image/"):
                attachment.content_type = guessed


_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg", ".jpe")),
    (b"GIF87a", "image/gif", (".gif",)),
    (b"GIF89a", "image/gif", (".gif",)),
)


def _sniff_image(head: bytes) -> tuple[str, tuple[str, ...]] | None:
    """The image formats Wagtail takes, told by their first bytes (not the label)."""
    for magic, content_type, extensions in _IMAGE_MAGIC:
        if head.startswith(magic):
            return content_type, extensions
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", (".webp",)
    return None
