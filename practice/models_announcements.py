"""A coordinator's announcement to their group, emailed to its members, and
the members who asked not to receive a group's announcements.

Imported at the end of ``practice/models.py`` (so that Django registers the
models). What may be posted and who receives it is decided in
``practice/announcements.py``; the email itself in ``practice/mail.py``. See
docs/decisions/0027-group-announcements.md.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SUBJECT_MAX = 150
BODY_MAX = 5000


class Announcement(models.Model):
    """What a coordinator wrote to the group. Kept for the group when the author
    leaves the site (``author`` becomes empty: "deleted member")."""

    group = models.ForeignKey(
        "practice.InterestGroup",
        verbose_name=_("interest group"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    author = models.ForeignKey(
        "community.Member",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_announcements",
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    # Set by the worker once every member has been emailed.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("emailed to"), default=0)

    class Meta:
        verbose_name = _("group announcement")
        verbose_name_plural = _("group announcements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "-created_at"])]

    def __str__(self) -> str:
        return self.subject


class AnnouncementOptOut(models.Model):
    """A member who does not want this group's announcements by email (the
    one-click unsubscribe of the email, or the switch on the group's page)."""

    group = models.ForeignKey(
        "practice.InterestGroup",
        verbose_name=_("interest group"),
        on_delete=models.CASCADE,
        related_name="announcement_opt_outs",
    )
    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="announcement_opt_outs",
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("announcement unsubscribe")
        verbose_name_plural = _("announcement unsubscribes")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"], name="practice_announcement_opt_out_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.group.name}"
