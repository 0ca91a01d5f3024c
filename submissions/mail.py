"""Emails to the people who submit: the acknowledgment, an editor's reply, and the
link once the project file is published.

Each is a pair of templates under ``templates/submissions/emails/``
(``<name>_subject.txt``, ``<name>.txt``) rendered in the submission's language
(the language of the message when it could be told, else Catalan). Every email
carries the reference ``[OBS-123]`` in its subject and answers the sender's
message (``In-Reply-To``), so that a reply comes back to the same submission. The
automatic ones say so (``Auto-Submitted``, RFC 3834), so that a well-behaved
auto-responder does not answer them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Event, EventKind, Message, Submission

logger = logging.getLogger(__name__)
TEMPLATES = "submissions/emails/"


def address() -> str:
    return settings.SUBMISSIONS["ADDRESS"]


def _domain() -> str:
    return address().rsplit("@", 1)[-1] or "localhost"


def _site_url(path: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


def how_to_url(language: str) -> str:
    with translation.override(language):
        return _site_url(reverse("submissions:how_to"))


def _original(submission: Submission) -> Message | None:
    return submission.messages.exclude(message_id="").order_by("received_at").first()


def _send(
    submission: Submission,
    name: str,
    context: dict,
    *,
    automatic: str = "",
    message_id: str | None = None,
    reply_to_message: Message | None = None,
) -> str:
    """Render and send one email to the sender; returns its Message-ID."""
    language = submission.language or "ca"
    context = {
        "submission": submission,
        "reference": submission.reference,
        "how_to_url": how_to_url(language),
        **context,
    }
    with translation.override(language):
        subject = render_to_string(f"{TEMPLATES}{name}_subject.txt", context)
        body = render_to_string(f"{TEMPLATES}{name}.txt", context)
    subject = " ".join(subject.split())
    if f"[{submission.reference}]" not in subject:
        subject = f"[{submission.reference}] {subject}"
    message_id = message_id or make_msgid(domain=_domain())
    headers = {"Message-ID": message_id}
    if automatic:
        headers["Auto-Submitted"] = automatic
    original = reply_to_message or _original(submission)
    if original is not None and original.message_id:
        headers["In-Reply-To"] = f"<{original.message_id}>"
        headers["References"] = f"<{original.message_id}>"
    EmailMessage(
        subject=subject,
        body=body,
        from_email=address(),
        to=[submission.sender_email],
        headers=headers,
    ).send()
    return message_id.strip("<>")


def send_acknowledgment(submission_id: int) -> bool:
    """Acknowledge a new submission once; False when there is nothing to do."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if (
        submission is None
        or submission.acknowledged_at is not None
        or submission.no_acknowledgment
        or not submission.sender_email
    ):
        return False
    message_id = make_msgid(domain=_domain())
    claimed = Submission.objects.filter(
        pk=submission.pk, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now(), ack_message_id=message_id.strip("<>"))
    if not claimed:
        return False  # another process sent it
    try:
        _send(
            submission,
            "acknowledgment",
            {"subject": submission.subject},
            automatic="auto-replied",
            message_id=message_id,
        )
    except Exception:
        Submission.objects.filter(pk=submission.pk).update(
            acknowledged_at=None, ack_message_id=""
        )
        raise
    Event.objects.create(
        submission=submission,
        kind=EventKind.ACKNOWLEDGED,
        text=f"To {submission.sender_email}",
    )
    return True


def send_pending_acknowledgments() -> int:
    """Acknowledgments a crash kept from leaving (each run sends them first)."""
    sent = 0
    pending = Submission.objects.filter(
        acknowledged_at__isnull=True,
        no_acknowledgment=False,
        channel__in=["email", "web"],
    ).exclude(sender_email="")
    for pk in pending.values_list("pk", flat=True)[:500]:
        try:
            sent += send_acknowledgment(pk)
        except Exception:  # noqa: BLE001 - tried again by the next run
            logger.exception("Acknowledgment of submission %s not sent", pk)
    return sent


def send_reply(submission: Submission, text: str, user=None) -> str:
    """An editor's answer (for instance why it was not accepted)."""
    message_id = _send(submission, "reply", {"text": text})
    Event.objects.create(
        submission=submission, kind=EventKind.REPLIED, user=user, text=text[:5000]
    )
    return message_id


def notify_published(page) -> int:
    """Tell each sender whose submission became ``page`` that it is online."""
    sent = 0
    for submission in Submission.objects.filter(
        page=page, published_notified_at__isnull=True
    ).exclude(sender_email=""):
        claimed = Submission.objects.filter(
            pk=submission.pk, published_notified_at__isnull=True
        ).update(published_notified_at=timezone.now())
        if not claimed:
            continue
        url = page.full_url or _site_url(page.url or "")
        _send(
            submission,
            "published",
            {"page": page, "url": url},
            automatic="auto-generated",
        )
        Event.objects.create(
            submission=submission, kind=EventKind.PUBLISHED, text=url[:2000]
        )
        sent += 1
    return sent
