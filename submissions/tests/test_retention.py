"""Data protection: personal data of old, closed submissions is purged by a
command; open ones and recent ones are left alone; nothing is ingested twice after."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from submissions import curation
from submissions.ingest import ingest
from submissions.models import Message, Outcome, Status, Submission
from submissions.tests.helpers import PDF, message

pytestmark = pytest.mark.django_db


def test_purge_removes_personal_data_of_closed_submissions_only(settings):
    old_raw = message(attachments=[("a.pdf", PDF, "application/pdf")])
    ingest(old_raw, source="imap")
    ingest(message(subject="Encara obert", sender="b@vic.cat"), source="imap")
    ingest(
        message(headers={"Precedence": "bulk"}, sender="c@list.example"), source="imap"
    )
    closed, still_open = Submission.objects.order_by("pk")
    curation.set_status(closed, Status.REJECTED, None)
    Submission.objects.filter(pk=closed.pk).update(
        closed_at=timezone.now() - timedelta(days=400)
    )
    Message.objects.filter(outcome=Outcome.IGNORED).update(
        received_at=timezone.now() - timedelta(days=400)
    )
    old = closed.messages.get()
    raw_path = old.raw.path
    document = old.attachments.get().document

    dry = StringIO()
    call_command("purge_submissions", "--dry-run", stdout=dry)
    assert "Would purge 2 message(s)" in dry.getvalue()
    assert Message.objects.filter(purged_at__isnull=False).count() == 0

    out = StringIO()
    call_command("purge_submissions", stdout=out)
    assert "Purged 2 message(s) and 1 attachment" in out.getvalue()
    old.refresh_from_db()
    assert old.purged_at is not None
    assert (old.text, old.html, old.from_email, old.headers, old.raw.name) == (
        "",
        "",
        "",
        [],
        "",
    )
    import os

    assert not os.path.exists(raw_path)
    assert not type(document).objects.filter(pk=document.pk).exists()
    closed.refresh_from_db()
    assert closed.sender_email == "" and closed.subject  # the record stays
    kept = still_open.messages.get()
    assert kept.text and kept.raw and kept.purged_at is None
    # Purged messages are still known: the same mail is never ingested again.
    assert ingest(old_raw, source="imap").outcome == Outcome.DUPLICATE


def test_purge_respects_the_days_option():
    ingest(message(), source="imap")
    submission = Submission.objects.get()
    curation.set_status(submission, Status.SPAM, None)
    out = StringIO()
    call_command("purge_submissions", "--days", "30", stdout=out)
    assert "Purged 0 message(s)" in out.getvalue()
    call_command("purge_submissions", "--days", "0", stdout=out)
    assert Message.objects.get().purged_at is not None
