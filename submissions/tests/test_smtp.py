"""One acknowledgment through a real SMTP server on loopback (aiosmtpd): what
leaves through Django's SMTP backend is what the sender's server receives."""

import email
import socket

import pytest
from aiosmtpd.controller import Controller

from submissions.ingest import ingest
from submissions.models import Submission
from submissions.tests.helpers import SPANISH, message

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Inbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def test_the_acknowledgment_reaches_a_real_smtp_server(smtp):
    raw = message(SPANISH, subject="Ventanilla única", sender="luis@teruel.es")
    ingest(raw, source="imap")
    submission = Submission.objects.get()
    assert len(smtp.received) == 1
    envelope = smtp.received[0]
    assert envelope.rcpt_tos == ["luis@teruel.es"]
    assert envelope.mail_from == "observatori@localhost"
    sent = email.message_from_bytes(envelope.content)
    subject = str(email.header.make_header(email.header.decode_header(sent["Subject"])))
    assert subject.startswith(f"[{submission.reference}] Hemos recibido")
    assert sent["Auto-Submitted"] == "auto-replied"
    assert sent["In-Reply-To"] == email.message_from_bytes(raw)["Message-ID"]
    body = sent.get_payload(decode=True).decode(sent.get_content_charset())
    assert submission.reference in body
