"""Reports by members and the moderation log (who decided what, and when)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .members import Member


class Report(models.Model):
    """A member reporting a contribution; enough reports hide it until a
    moderator decides (settings.COMMUNITY_REPORTS_TO_HIDE)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        Member, null=True, on_delete=models.SET_NULL, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                name="one_report_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"


class ModerationAction(models.Model):
    """The audit log: every moderation decision, who took it and when."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        DELETE = "delete", _("Deleted")
        RESTORE = "restore", _("Restored")
        SUSPEND = "suspend", _("Member suspended")
        BAN = "ban", _("Member banned")
        REINSTATE = "reinstate", _("Member reinstated")
        VERIFY = "verify", _("Member verified")
        NOTE = "note", _("Note")
        AUTO_HIDE = "auto_hide", _("Hidden by reports")
        REQUEST = "request", _("Request updated")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,  # NULL: the system (e.g. hidden by reports)
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("action"), max_length=12, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}"
