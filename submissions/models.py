"""Submissions: every message that reaches the observatory's address, exactly once.

A ``Message`` row is written for every message ingested (whatever became of it: a
new submission, a follow-up, or set aside as ignored or quarantined, with the
reason), so that running the ingester again over the same mailbox finds it by its
``dedupe_key`` and never creates anything twice. A ``Submission`` groups the
original message and its follow-ups; editors curate it in the admin. ``Event`` is
the audit trail of everything that happened to a submission.
"""

import re

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _


class PrivateStorage(LazyObject):
    """Raw messages are personal data: kept outside MEDIA_ROOT, never served."""

    def _setup(self):
        self._wrapped = FileSystemStorage(
            location=settings.SUBMISSIONS["RAW_ROOT"], base_url=None
        )


private_storage = PrivateStorage()


def _private_storage():
    return private_storage


# A submission's reference as it appears in a subject: [OBS-123].
REFERENCE = re.compile(r"\[\s*OBS-(\d{1,12})\s*\]", re.IGNORECASE)


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")
    DUPLICATE = "duplicate", _("Duplicate")


CLOSED = (Status.ACCEPTED, Status.REJECTED, Status.SPAM, Status.DUPLICATE)


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEB = "web", _("Web form")


class Submission(models.Model):
    # Not a use of a page, document or image: kept out of Wagtail's reference
    # index ("usage" of a document means a page or snippet uses it).
    wagtail_reference_index_ignore = True

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    channel = models.CharField(
        _("received by"), max_length=8, choices=Channel.choices, default=Channel.EMAIL
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    sender_name = models.CharField(_("sender's name"), max_length=200, blank=True)
    sender_email = models.EmailField(_("sender's address"), max_length=254, blank=True)
    language = models.CharField(
        _("language"), max_length=5, default="ca", choices=settings.LANGUAGES
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        "project_pages.ProjectPage",
        verbose_name=_("project file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        help_text=_("The draft project file made from this submission."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of submission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("duplicate of project file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Our acknowledgment: its Message-ID lets a reply find this submission.
    ack_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    no_acknowledgment = models.BooleanField(
        default=False, help_text="Set when no acknowledgment must be sent."
    )
    published_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"[{self.reference}] {self.subject or _('(no subject)')}"

    @property
    def reference(self) -> str:
        return f"OBS-{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED


class Outcome(models.TextChoices):
    CREATED = "created", _("New submission")
    FOLLOWUP = "followup", _("Follow-up")
    DUPLICATE = "duplicate", _("Duplicate message")
    IGNORED = "ignored", _("Ignored")
    QUARANTINED = "quarantined", _("Quarantined")


class Message(models.Model):
    """One message received, kept with what became of it."""

    # Not a use of a page, document or image: kept out of Wagtail's reference
    # index ("usage" of a document means a page or snippet uses it).
    wagtail_reference_index_ignore = True

    submission = models.ForeignKey(
        Submission,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    # "mid:<Message-ID>", or "sha256:<hash of the raw message>" when it has none.
    dedupe_key = models.CharField(max_length=600, unique=True)
    message_id = models.CharField(max_length=998, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    from_name = models.CharField(max_length=200, blank=True)
    from_email = models.CharField(max_length=254, blank=True)
    to = models.TextField(blank=True)
    subject = models.CharField(max_length=300, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    in_reply_to = models.TextField(blank=True)
    references = models.TextField(blank=True)
    headers = models.JSONField(default=list, blank=True)  # [[name, value], ...]
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)  # sanitised
    language = models.CharField(max_length=5, blank=True)
    notes = models.JSONField(default=list, blank=True)  # what the parser set aside
    size = models.PositiveBigIntegerField(default=0)
    raw = models.FileField(storage=_private_storage, upload_to="raw/%Y/%m/", blank=True)
    source = models.CharField(max_length=16, blank=True)  # imap, maildir, mbox, web
    source_ref = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("email message")
        verbose_name_plural = _("email messages")
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.subject or self.dedupe_key}"


class Attachment(models.Model):
    # Not a use of a page, document or image: kept out of Wagtail's reference
    # index ("usage" of a document means a page or snippet uses it).
    wagtail_reference_index_ignore = True

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dropped = models.TextField(blank=True, help_text="Why it was not kept.")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    FOLLOWUP = "followup", _("Follow-up received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledgment sent")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    NOTE = "note", _("Note")
    DRAFT = "draft", _("Draft project file created")
    DUPLICATE = "duplicate", _("Marked duplicate")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Marked spam")
    REPLIED = "replied", _("Reply sent")
    PUBLISHED = "published", _("Sender told of publication")
    PURGED = "purged", _("Raw messages purged")


class Event(models.Model):
    """The audit trail: who did what to a submission, and when."""

    # Not a use of a page, document or image: kept out of Wagtail's reference
    # index ("usage" of a document means a page or snippet uses it).
    wagtail_reference_index_ignore = True

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class MailboxState(models.Model):
    """Where an IMAP folder was left: its UIDVALIDITY and the last UID done."""

    # Not a use of a page, document or image: kept out of Wagtail's reference
    # index ("usage" of a document means a page or snippet uses it).
    wagtail_reference_index_ignore = True

    key = models.CharField(max_length=500, unique=True)
    uidvalidity = models.BigIntegerField(default=0)
    last_uid = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key
