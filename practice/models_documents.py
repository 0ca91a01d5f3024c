"""A group's shared documents: files its members upload from the group page,
kept under ``MEDIA_ROOT/documents/groups/`` (never served from there: only
through ``views_documents.download``, to the group's members, as a download).

Not Wagtail documents: those are listed to every editor in the admin's library
and choosers, indexed for the admin search, and served at ``/documents/<id>/``
to whoever the collection lets in. See docs/decisions/0026.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from core.uploads import extension_of

from .models import InterestGroup

# Under MEDIA_ROOT/documents/, like Wagtail's documents: nginx never serves that
# folder (only its `internal` location after the view's check), backups keep it.
FOLDER = "documents/groups"


def stored_name(filename: str) -> str:
    """``documents/groups/<random>/<safe name>``: a random folder per file, so
    no address can be guessed and two files of the same name never meet."""
    extension = extension_of(filename)
    stem = get_valid_filename(filename.rsplit("/", 1)[-1])[:80] or "document"
    if extension and not stem.lower().endswith(f".{extension}"):
        stem = f"{stem}.{extension}"
    return f"{FOLDER}/{secrets.token_hex(16)}/{stem}"


def _upload_to(instance, filename: str) -> str:
    return stored_name(filename)


class GroupDocument(models.Model):
    """A file shared in an interest group."""

    group = models.ForeignKey(
        InterestGroup,
        verbose_name=_("interest group"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    # The name the member's file had: the download keeps it.
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # NULL once the uploader's account is deleted: the file stays with the group.
    uploaded_by = models.ForeignKey(
        "community.Member",
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_documents",
    )
    created_at = models.DateTimeField(_("shared"), default=timezone.now)

    class Meta:
        verbose_name = _("group document")
        verbose_name_plural = _("group documents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return extension_of(self.file_name)
