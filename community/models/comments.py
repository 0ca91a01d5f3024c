"""Comments on project files and articles, threaded a few levels deep."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .contributions import Contribution

# Deepest reply in a comment thread (a top-level comment is depth 0).
MAX_COMMENT_DEPTH = 3


class Comment(Contribution):
    """A comment on a project file or an article, or a reply to one."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_COMMENT_DEPTH)]
    )

    class Meta(Contribution.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["page", "status", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]
