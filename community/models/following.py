"""What members follow, and the notifications that follow from it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .members import Member


class Follow(models.Model):
    """A member following a project file, a topic, an area or a category."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=60)  # areas are keyed by code
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "content_type", "object_id"], name="follow_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.content_type.model} {self.object_id}"


class Notification(models.Model):
    """Something a member should hear about (a new comment, reply, topic or project
    file in what they follow); ``sent_at`` is set once, so nothing is sent twice."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=120, help_text="e.g. comment:42")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="notify_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.key}"
