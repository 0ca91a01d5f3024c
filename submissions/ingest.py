"""From one raw message to a submission, exactly once.

``ingest(fp)`` parses a message (submissions/parsing/ never raises on bad input),
then, in one database transaction, decides what it is and records it:

- already seen (same Message-ID, or same bytes when it has none): ``duplicate``,
  nothing written;
- an auto-reply, bounce, list or bulk mail (RFC 3834): ``ignored``, recorded with
  the reason, never answered;
- nothing to work with (no sender address, no text and no attachment):
  ``quarantined``, recorded with the reason for an editor to look at;
- a reply to our acknowledgment (its ``[OBS-123]`` reference, or its Message-ID in
  ``In-Reply-To``/``References``): ``followup``, joined to that submission;
- otherwise ``created``: a new submission, acknowledged after the commit.

The source marks the message processed only after ``ingest`` returns (the commit
is done by then): a run killed at any point leaves the message in the source, and
the next run finds it again and either records it or sees the duplicate. An
acknowledgment lost to a crash between the commit and the send is sent by the next
run (``send_pending_acknowledgments``).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.uploads import extension_of, is_allowed_upload

from .models import (
    REFERENCE,
    Attachment,
    Channel,
    Event,
    EventKind,
    Message,
    Outcome,
    Submission,
)
from .parsing import ParsedAttachment, ParsedMessage, parse_message

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024


@dataclass
class Result:
    """What became of one message: one line of ``ingest_mail --json``."""

    message_id: str
    outcome: str
    submission: str | None = None  # its reference, e.g. "OBS-12"
    reason: str = ""
    ref: str = ""  # where it came from (for the log, not for the JSON)

    def as_json(self) -> dict:
        return {
            "message_id": self.message_id,
            "outcome": self.outcome,
            "submission": self.submission,
            "reason": self.reason,
        }


def dedupe_key(parsed: ParsedMessage) -> str:
    if parsed.message_id:
        return f"mid:{parsed.message_id}"[:600]
    return f"sha256:{parsed.content_hash}"


def ingest(
    fp: BinaryIO | bytes,
    *,
    source: str,
    ref: str = "",
    channel: str = Channel.EMAIL,
    language: str | None = None,
    limits=None,
) -> Result:
    """Record one message; never raises for what is in the message (an unexpected
    failure quarantines it with the error as the reason)."""
    if isinstance(fp, bytes | bytearray):
        import io

        fp = io.BytesIO(fp)
    workdir = Path(tempfile.mkdtemp(prefix="obs-ingest-"))
    key = None
    try:
        parsed = parse_message(fp, workdir, limits)
        key = dedupe_key(parsed)
        if Message.objects.filter(dedupe_key=key).exists():
            return _duplicate(parsed, ref)
        try:
            with transaction.atomic():
                if language:
                    parsed.language = language
                result = _record(parsed, key, fp, source, ref, channel)
        except IntegrityError:
            # Another ingester recorded the same message a moment ago.
            if Message.objects.filter(dedupe_key=key).exists():
                return _duplicate(parsed, ref)
            raise
        return result
    except Exception as error:  # noqa: BLE001 - nothing in a message may stop the run
        logger.exception("Message %s could not be processed", ref or "(no ref)")
        return _quarantine_after_error(fp, source, ref, error, key)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _duplicate(parsed: ParsedMessage, ref: str) -> Result:
    earlier = (
        Message.objects.filter(dedupe_key=dedupe_key(parsed))
        .select_related("submission")
        .first()
    )
    submission = earlier.submission if earlier else None
    return Result(
        message_id=parsed.message_id,
        outcome=Outcome.DUPLICATE,
        submission=submission.reference if submission else None,
        reason="already received"
        + (f" on {earlier.received_at:%Y-%m-%d %H:%M}" if earlier else ""),
        ref=ref,
    )


def _record(parsed, key, fp, source, ref, channel) -> Result:
    message = Message(
        dedupe_key=key,
        message_id=parsed.message_id[:998],
        content_hash=parsed.content_hash,
        from_name=parsed.from_name[:200],
        from_email=parsed.from_email[:254],
        to=", ".join(parsed.to + parsed.cc),
        subject=parsed.subject[:300],
        date=parsed.date,
        in_reply_to=" ".join(parsed.in_reply_to),
        references=" ".join(parsed.references),
        headers=[list(pair) for pair in parsed.headers],
        text=parsed.text,
        html=parsed.html,
        language=parsed.language,
        notes=list(parsed.problems),
        size=parsed.size,
        source=source,
        source_ref=ref[:500],
    )
    outcome, reason, submission = _classify(parsed)
    message.outcome = outcome
    message.reason = reason
    if outcome == Outcome.CREATED:
        submission = Submission.objects.create(
            channel=channel,
            subject=parsed.subject[:300],
            sender_name=parsed.from_name[:200],
            sender_email=parsed.from_email[:254],
            language=parsed.language or "ca",
        )
    message.submission = submission
    _store_raw(message, fp)
    message.save()
    _store_attachments(message, parsed.attachments)
    if submission is not None:
        if outcome == Outcome.CREATED:
            Event.objects.create(
                submission=submission,
                kind=EventKind.RECEIVED,
                text=_received_text(parsed, source),
            )
            transaction.on_commit(lambda: _acknowledge_later(submission.pk))
        else:
            Event.objects.create(
                submission=submission,
                kind=EventKind.FOLLOWUP,
                text=f"From {parsed.from_email or '?'}: {parsed.subject}"[:2000],
            )
            Submission.objects.filter(pk=submission.pk).update(
                updated_at=timezone.now()
            )
    return Result(
        message_id=parsed.message_id,
        outcome=outcome,
        submission=submission.reference if submission else None,
        reason=reason,
        ref=ref,
    )


def _received_text(parsed: ParsedMessage, source: str) -> str:
    kept = sum(1 for a in parsed.attachments if not a.dropped)
    dropped = len(parsed.attachments) - kept
    text = f"By {source}, from {parsed.from_email}; {kept} attachment(s)"
    if dropped:
        text += f", {dropped} dropped"
    return text


def _classify(parsed: ParsedMessage) -> tuple[str, str, Submission | None]:
    if parsed.loop:
        return Outcome.IGNORED, parsed.loop, None
    if not parsed.from_email:
        return Outcome.QUARANTINED, "no sender address (From)", None
    kept = [a for a in parsed.attachments if not a.dropped]
    if not parsed.text.strip() and not kept:
        return Outcome.QUARANTINED, "empty message: no text and no attachment", None
    submission = _thread_of(parsed)
    if submission is not None:
        return Outcome.FOLLOWUP, f"joined {submission.reference}", submission
    return Outcome.CREATED, "", None


def _thread_of(parsed: ParsedMessage) -> Submission | None:
    """The submission a reply belongs to: the Message-IDs it answers (our
    acknowledgment, or an earlier message of the submission) are proof; a
    reference in the subject is enough when the sender writes from the same
    address or the same domain (someone else quoting OBS-12 joins nothing)."""
    ids = [i for i in (*parsed.in_reply_to, *parsed.references) if i][:50]
    if ids:
        found = Submission.objects.filter(ack_message_id__in=ids).first()
        if found is None:
            earlier = (
                Message.objects.filter(message_id__in=ids, submission__isnull=False)
                .select_related("submission")
                .first()
            )
            found = earlier.submission if earlier else None
        if found is not None:
            return found
    match = REFERENCE.search(parsed.subject or "")
    if match is None:
        return None
    found = Submission.objects.filter(pk=int(match.group(1))).first()
    if found is None:
        return None
    if _same_sender(found.sender_email, parsed.from_email):
        return found
    return None


def _same_sender(known: str, sender: str) -> bool:
    known, sender = known.lower().strip(), sender.lower().strip()
    if not known or not sender:
        return False
    return known == sender or known.rsplit("@", 1)[-1] == sender.rsplit("@", 1)[-1]


def _store_raw(message: Message, fp) -> None:
    """The original bytes, in private storage, for the admin's "original message"
    view and nothing else (purged with the retention setting)."""
    try:
        fp.seek(0)
    except (AttributeError, OSError):
        message.notes = [*message.notes, "original bytes not kept (unseekable source)"]
        return
    name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(6)}.eml"
    message.raw.save(name, File(fp, name=name), save=False)


def _store_attachments(message: Message, attachments: list[ParsedAttachment]) -> None:
    from .attachments import store

    for attachment in attachments:
        document = image = None
        dropped = attachment.dropped
        if (
            not dropped
            and not attachment.is_image
            and not is_allowed_upload(attachment.filename)
        ):
            # Never stored: an HTML page or an SVG could run script if served.
            extension = extension_of(attachment.filename) or "?"
            dropped = f"Files of type .{extension} are not accepted."
        if not dropped and attachment.path is not None:
            try:
                document, image = store(attachment, message)
            except Exception as error:  # noqa: BLE001 - a bad file is a note
                logger.warning(
                    "Attachment %s not stored: %s", attachment.filename, error
                )
                dropped = f"could not be stored: {error}"[:500]
        Attachment.objects.create(
            message=message,
            filename=attachment.filename[:255],
            content_type=attachment.content_type[:255],
            size=attachment.size,
            document=document,
            image=image,
            dropped=dropped,
        )


def _quarantine_after_error(
    fp, source: str, ref: str, error: Exception, key: str | None
) -> Result:
    """Record a message whose processing failed, so that it is not lost: the raw
    bytes and the error, for an editor to look at. Under its usual key when the
    parser gave one, so that the next run does not record it a second time."""
    digest = hashlib.sha256()
    try:
        fp.seek(0)
        for chunk in iter(lambda: fp.read(CHUNK), b""):
            digest.update(chunk)
    except (AttributeError, OSError):
        pass
    key = key or f"sha256:{digest.hexdigest()}"
    reason = f"could not be processed: {type(error).__name__}: {error}"[:2000]
    try:
        with transaction.atomic():
            if Message.objects.filter(dedupe_key=key).exists():
                return Result(message_id="", outcome=Outcome.DUPLICATE, reason=reason)
            message = Message(
                dedupe_key=key,
                content_hash=digest.hexdigest(),
                outcome=Outcome.QUARANTINED,
                reason=reason,
                source=source,
                source_ref=ref[:500],
            )
            _store_raw(message, fp)
            message.save()
    except Exception:  # noqa: BLE001
        logger.exception("Message %s could not be quarantined either", ref)
        raise
    return Result(message_id="", outcome=Outcome.QUARANTINED, reason=reason, ref=ref)


def _acknowledge_later(submission_id: int) -> None:
    """Queue the acknowledgment (sent by the worker in production; a failure is
    logged there, and the next run of ``ingest_mail`` sends what is pending)."""
    from .tasks import send_acknowledgment_task

    try:
        send_acknowledgment_task.enqueue(submission_id)
    except Exception:  # noqa: BLE001 - the next run sends what is pending
        logger.exception("Acknowledgment of submission %s not queued", submission_id)
