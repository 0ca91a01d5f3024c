"""Factories of the submission records, for tests that need a submission in a given
state without running a message through the pipeline (``tests/helpers.py`` builds
the messages themselves)."""

import factory
from factory.django import DjangoModelFactory

from .models import (
    Attachment,
    Event,
    EventKind,
    MailboxState,
    Message,
    Outcome,
    Submission,
)


class SubmissionFactory(DjangoModelFactory):
    """A new submission received by email from a town hall, in Catalan."""

    class Meta:
        model = Submission

    subject = factory.Sequence(lambda n: f"Projecte: finestra única digital {n}")
    sender_name = "Marta Vila"
    sender_email = "marta.vila@manlleu.example"
    language = "ca"


class MessageFactory(DjangoModelFactory):
    """The message that created its submission."""

    class Meta:
        model = Message

    submission = factory.SubFactory(SubmissionFactory)
    outcome = Outcome.CREATED
    dedupe_key = factory.Sequence(lambda n: f"mid:<{n}@manlleu.example>")
    message_id = factory.LazyAttribute(lambda message: message.dedupe_key[4:])
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    from_name = factory.SelfAttribute("submission.sender_name")
    from_email = factory.SelfAttribute("submission.sender_email")
    subject = factory.SelfAttribute("submission.subject")
    text = "Bon dia,\n\nUs enviem el projecte de l'Ajuntament de Manlleu."
    language = "ca"
    source = "imap"


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    message = factory.SubFactory(MessageFactory)
    filename = "memoria.pdf"
    content_type = "application/pdf"
    size = 1024


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    submission = factory.SubFactory(SubmissionFactory)
    kind = EventKind.RECEIVED


class MailboxStateFactory(DjangoModelFactory):
    class Meta:
        model = MailboxState
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"imaps://observatori@localhost/INBOX/{n}")
    uidvalidity = 1
