"""The life cycle every contribution (comment, topic, reply) shares."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .members import Member


class Status(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Held for moderation")
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")


class ContributionQuerySet(models.QuerySet):
    def visible(self):
        """What anyone but moderators may see, count or search."""
        return self.filter(status=Status.VISIBLE)


class Contribution(models.Model):
    """What comments, topics and replies share: author, text, life cycle."""

    author = models.ForeignKey(
        Member,
        verbose_name=_("author"),
        null=True,  # NULL: a deleted member; the text stays in the thread
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"), max_length=10_000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # A keyed hash of the poster's IP address (rate limits), never the address.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    report_count = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @property
    def is_visible(self) -> bool:
        return self.status == Status.VISIBLE
