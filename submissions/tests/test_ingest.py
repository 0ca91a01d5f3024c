"""The pipeline: one message, one outcome, exactly once; acknowledgments in the
sender's language; replies join their submission; nothing in a message stops it."""

import email
import re

import pytest
from django.core import mail
from wagtail.models import CollectionViewRestriction

from submissions import ingest as ingest_module
from submissions.ingest import ingest
from submissions.mail import send_pending_acknowledgments
from submissions.models import Event, EventKind, Message, Outcome, Submission
from submissions.tests.helpers import (
    CATALAN,
    ENGLISH,
    PDF,
    SPANISH,
    message,
    png_bytes,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def ack_of(submission: Submission):
    sent = [m for m in mail.outbox if submission.reference in m.subject]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    return sent[0]


def test_a_new_message_becomes_a_submission_and_is_acknowledged_in_catalan():
    raw = message()
    result = ingest(raw, source="maildir", ref="1.eml")
    assert result.outcome == Outcome.CREATED
    submission = Submission.objects.get()
    assert result.submission == submission.reference == f"OBS-{submission.pk}"
    assert (submission.sender_email, submission.sender_name) == (
        "marta.vila@manlleu.cat",
        "Marta Vila",
    )
    assert submission.language == "ca"
    stored = submission.messages.get()
    assert "finestra única digital" in stored.text
    assert stored.raw and stored.raw.read() == raw  # the original, byte for byte
    ack = ack_of(submission)
    assert ack.to == ["marta.vila@manlleu.cat"]
    assert f"[{submission.reference}]" in ack.subject
    assert "Hem rebut el vostre projecte" in ack.subject
    assert submission.reference in ack.body
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"
    original = email.message_from_bytes(raw)["Message-ID"]
    assert ack.extra_headers["In-Reply-To"] == original
    submission.refresh_from_db()
    assert submission.acknowledged_at is not None
    assert submission.ack_message_id in ack.extra_headers["Message-ID"]
    kinds = list(submission.events.values_list("kind", flat=True))
    assert kinds == [EventKind.RECEIVED, EventKind.ACKNOWLEDGED]


@pytest.mark.parametrize(
    "body, language, words",
    [
        (SPANISH, "es", "Hemos recibido"),
        (ENGLISH, "en", "We have received"),
        ("1234 5678", "ca", "Hem rebut"),  # cannot be told: Catalan
    ],
)
def test_acknowledgment_in_the_language_of_the_message(body, language, words):
    ingest(message(body, subject="Proyecto / project"), source="mbox")
    submission = Submission.objects.get()
    assert submission.language == language
    assert words in ack_of(submission).subject


def test_the_same_message_twice_is_a_duplicate_and_is_not_acknowledged_again():
    raw = message()
    first = ingest(raw, source="imap")
    again = ingest(raw, source="imap")
    assert again.outcome == Outcome.DUPLICATE
    assert again.submission == first.submission
    assert Submission.objects.count() == Message.objects.count() == 1
    assert len(mail.outbox) == 1


def test_without_message_id_the_content_decides():
    raw = message(message_id=None)
    assert ingest(raw, source="mbox").outcome == Outcome.CREATED
    assert ingest(raw, source="mbox").outcome == Outcome.DUPLICATE
    other = message(CATALAN + "\nP.S. Una altra cosa.", message_id=None)
    assert ingest(other, source="mbox").outcome == Outcome.CREATED
    assert Message.objects.filter(dedupe_key__startswith="sha256:").count() == 2


def test_a_reply_to_the_acknowledgment_joins_its_submission():
    ingest(message(), source="imap")
    submission = Submission.objects.get()
    ack = ack_of(submission)
    reply = message(
        "Us adjunto la memòria del projecte.",
        subject=f"Re: {ack.subject}",
        headers={
            "In-Reply-To": ack.extra_headers["Message-ID"],
            "References": ack.extra_headers["Message-ID"],
        },
        attachments=[("memoria.pdf", PDF, "application/pdf")],
    )
    result = ingest(reply, source="imap")
    assert result.outcome == Outcome.FOLLOWUP
    assert result.submission == submission.reference
    assert Submission.objects.count() == 1
    assert submission.messages.count() == 2
    assert len(mail.outbox) == 1  # follow-ups are not acknowledged
    assert submission.events.filter(kind=EventKind.FOLLOWUP).exists()


def test_the_reference_joins_from_the_same_domain_only():
    ingest(message(), source="imap")
    submission = Submission.objects.get()
    colleague = message(
        "Una dada més del projecte.",
        subject=f"[{submission.reference}] dades",
        sender="Jordi <jordi@manlleu.cat>",
    )
    assert ingest(colleague, source="imap").outcome == Outcome.FOLLOWUP
    stranger = message(
        "Vull afegir el meu projecte a aquest.",
        subject=f"[{submission.reference}] hola",
        sender="x@elsewhere.example",
    )
    result = ingest(stranger, source="imap")
    assert result.outcome == Outcome.CREATED
    assert Submission.objects.count() == 2


@pytest.mark.parametrize(
    "headers, sender, reason",
    [
        ({"Auto-Submitted": "auto-replied"}, None, "auto"),
        ({"Precedence": "bulk"}, None, "bulk"),
        ({"List-Id": "<news.list.example>"}, None, "list"),
        ({}, "MAILER-DAEMON@mail.example", "mailer-daemon"),
        ({}, "no-reply@service.example", "no-reply"),
        ({"Return-Path": "<>"}, None, "return path"),
    ],
)
def test_loops_are_ignored_recorded_and_never_answered(headers, sender, reason):
    raw = message(headers=headers, sender=sender or "Marta <marta@manlleu.cat>")
    result = ingest(raw, source="imap")
    assert result.outcome == Outcome.IGNORED
    assert reason in result.reason.lower()
    assert not Submission.objects.exists()
    assert Message.objects.get().reason == result.reason
    assert mail.outbox == []
    assert ingest(raw, source="imap").outcome == Outcome.DUPLICATE


def test_auto_submitted_no_is_a_person():
    result = ingest(message(headers={"Auto-Submitted": "no"}), source="imap")
    assert result.outcome == Outcome.CREATED


def test_without_sender_or_content_it_is_quarantined_with_the_reason():
    result = ingest(message(sender=""), source="maildir")
    assert result.outcome == Outcome.QUARANTINED
    assert "sender" in result.reason
    empty = ingest(message(" ", subject="buit"), source="maildir")
    assert empty.outcome == Outcome.QUARANTINED
    assert "empty" in empty.reason
    assert Message.objects.filter(outcome=Outcome.QUARANTINED).count() == 2
    assert mail.outbox == []


def test_attachments_become_private_documents_and_images(settings):
    raw = message(
        attachments=[
            ("memòria final.pdf", PDF, "application/pdf"),
            ("../../etc/foto.png", png_bytes(), "image/png"),
        ]
    )
    ingest(raw, source="maildir")
    attachments = {a.filename: a for a in Message.objects.get().attachments.all()}
    assert set(attachments) == {"memòria final.pdf", "foto.png"}
    document = attachments["memòria final.pdf"].document
    image = attachments["foto.png"].image
    assert document is not None and image is not None
    assert (image.width, image.height) == (40, 30)
    assert document.collection.name == image.collection.name == "Submissions"
    restriction = CollectionViewRestriction.objects.get(collection=document.collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    # Stored names carry a random part: no address can be guessed.
    assert re.search(r"-[0-9a-f]{12}\.pdf$", document.file.name), document.file.name
    assert re.search(r"-[0-9a-f]{12}\.png$", image.file.name), image.file.name


def test_an_oversized_attachment_is_dropped_with_a_note(settings):
    settings.SUBMISSIONS = {**settings.SUBMISSIONS, "MAX_ATTACHMENT_BYTES": 1000}
    raw = message(attachments=[("gran.pdf", PDF + b"0" * 5000, "application/pdf")])
    assert ingest(raw, source="maildir").outcome == Outcome.CREATED
    attachment = Message.objects.get().attachments.get()
    assert attachment.document is None and attachment.image is None
    assert attachment.dropped
    assert attachment.filename == "gran.pdf"


def test_a_failure_inside_quarantines_the_message_and_a_rerun_adds_nothing(
    monkeypatch,
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest_module, "_store_attachments", broken)
    raw = message(attachments=[("a.pdf", PDF, "application/pdf")])
    result = ingest(raw, source="maildir")
    assert result.outcome == Outcome.QUARANTINED
    assert "disk full" in result.reason
    assert not Submission.objects.exists()  # the transaction was rolled back
    kept = Message.objects.get()
    assert kept.raw and kept.raw.read() == raw
    monkeypatch.undo()
    assert ingest(raw, source="maildir").outcome == Outcome.DUPLICATE
    assert Message.objects.count() == 1


def test_an_acknowledgment_that_failed_is_sent_by_the_next_run(monkeypatch):
    from django.core.mail import EmailMessage

    calls = {"n": 0}
    original = EmailMessage.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    assert ingest(message(), source="imap").outcome == Outcome.CREATED
    submission = Submission.objects.get()
    assert submission.acknowledged_at is None and mail.outbox == []
    assert send_pending_acknowledgments() == 1
    assert len(mail.outbox) == 1
    assert send_pending_acknowledgments() == 0
    assert Event.objects.filter(kind=EventKind.ACKNOWLEDGED).count() == 1
