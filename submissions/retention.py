"""The retention rule for emailed submissions (docs/data-protection.md)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import CLOSED, Event, EventKind, Message, Status, Submission


def _used(obj) -> bool:
    """Whether a page (or anything else) refers to the document or image."""
    from wagtail.models import ReferenceIndex

    return ReferenceIndex.get_references_to(obj).exists()


def purge(before: datetime, dry_run: bool = False) -> dict[str, int]:
    due = Message.objects.filter(purged_at__isnull=True).filter(
        Q(submission__status__in=CLOSED, submission__closed_at__lt=before)
        | Q(submission__isnull=True, received_at__lt=before)
    )
    counts = {"messages": 0, "attachments": 0}
    touched: set[int] = set()
    for message in due.prefetch_related("attachments__document", "attachments__image"):
        counts["messages"] += 1
        files = []
        for attachment in message.attachments.all():
            for obj in (attachment.document, attachment.image):
                if obj is not None and not _used(obj):
                    files.append(obj)
        counts["attachments"] += len(files)
        if dry_run:
            continue
        with transaction.atomic():
            for obj in files:
                obj.file.delete(save=False)
                obj.delete()
            if message.raw:
                message.raw.delete(save=False)
            message.raw = ""
            message.headers = []
            message.text = message.html = ""
            message.from_name = message.from_email = message.to = ""
            message.in_reply_to = message.references = ""
            message.notes = []
            message.purged_at = timezone.now()
            message.save()
            if message.submission_id:
                touched.add(message.submission_id)
    if not dry_run:
        for submission in Submission.objects.filter(pk__in=touched):
            with transaction.atomic():
                if submission.status in (
                    Status.REJECTED,
                    Status.SPAM,
                    Status.DUPLICATE,
                ):
                    submission.sender_name = submission.sender_email = ""
                    submission.save(update_fields=["sender_name", "sender_email"])
                Event.objects.create(submission=submission, kind=EventKind.PURGED)
    return counts
