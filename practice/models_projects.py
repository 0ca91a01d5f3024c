"""The project files an interest group follows: its coordinators pick published
project files of the site; the group page lists them, and a project file's page
lists the open and moderated groups that follow it (never private ones)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import InterestGroup


class GroupProject(models.Model):
    """A project file followed by a group (in the language it was picked in;
    its translations count as the same file)."""

    group = models.ForeignKey(
        InterestGroup,
        verbose_name=_("interest group"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )
    page = models.ForeignKey(
        "project_pages.ProjectPage",
        verbose_name=_("project file"),
        on_delete=models.CASCADE,
        related_name="group_links",
    )
    added_by = models.ForeignKey(
        "community.Member",
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("project file followed by a group")
        verbose_name_plural = _("project files followed by groups")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "page"], name="practice_group_project_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.name} · {self.page_id}"
