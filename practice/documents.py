"""Sharing documents in a group: who may, what is accepted, who may delete.

Members share (not only coordinators: a community of practice is its members'
material), coordinators and the uploader delete. The rules raise
``DocumentError`` with a sentence for the person; nothing is stored then.
Limits: the document types of ``core.uploads`` (``WAGTAILDOCS_EXTENSIONS`` and
PNG/JPEG/GIF), ``MAX_SIZE`` per file (Wagtail's own limit, which the nginx site
allows), ``GROUP_QUOTA`` per group, ``UPLOADS_PER_DAY`` per member.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.ratelimit import RateLimit
from core.uploads import allowed_upload_extensions, is_allowed_upload

from .models import InterestGroup, State
from .models_documents import GroupDocument

MAX_SIZE = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
GROUP_QUOTA = getattr(settings, "PRACTICE_GROUP_DOCUMENTS_QUOTA", 500 * 1024 * 1024)
UPLOADS_PER_DAY = 30
UPLOAD_LIMIT = RateLimit(UPLOADS_PER_DAY)


class DocumentError(Exception):
    """A document that cannot be shared or deleted; ``str()`` says why."""


def is_member(group: InterestGroup, member) -> bool:
    return (
        member is not None
        and group.memberships.filter(member=member, state=State.MEMBER).exists()
    )


def accepted_types() -> str:
    return ", ".join(allowed_upload_extensions())


def used_space(group: InterestGroup) -> int:
    return group.documents.aggregate(total=Sum("size"))["total"] or 0


def check_file(upload) -> None:
    """The file's own limits: a name of an accepted type, not empty, not too big."""
    if upload is None:
        raise DocumentError(_("Choose a file to share."))
    if not is_allowed_upload(upload.name):
        raise DocumentError(
            _("Files of this type cannot be shared. Accepted types: %(types)s.")
            % {"types": accepted_types()}
        )
    if not upload.size:
        raise DocumentError(_("The file is empty."))
    if upload.size > MAX_SIZE:
        raise DocumentError(
            _("The file is %(size)s; the largest accepted is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_SIZE)}
        )


@transaction.atomic
def share(group: InterestGroup, member, upload, title: str = "") -> GroupDocument:
    """Store ``upload`` in the group's documents, shared by ``member``."""
    if not is_member(group, member):
        raise DocumentError(_("Only the group's members can share documents."))
    if not member.can_post():
        raise DocumentError(_("Your account cannot take part at the moment."))
    check_file(upload)
    if UPLOAD_LIMIT.reached(GroupDocument.objects.filter(uploaded_by=member)):
        raise DocumentError(
            _("You have shared many documents today. Please try again tomorrow.")
        )
    # Locked so that two uploads at once cannot both squeeze under the quota.
    InterestGroup.objects.select_for_update().filter(pk=group.pk).first()
    if used_space(group) + upload.size > GROUP_QUOTA:
        raise DocumentError(
            _(
                "The group's documents would take more than %(quota)s. A "
                "coordinator can delete old ones to make room."
            )
            % {"quota": filesizeformat(GROUP_QUOTA)}
        )
    name = upload.name.rsplit("/", 1)[-1][:200]
    title = " ".join((title or "").split())[:200] or name
    document = GroupDocument(
        group=group, title=title, file_name=name, size=upload.size, uploaded_by=member
    )
    document.file.save(name, upload, save=False)
    document.save()
    return document


def can_delete(document: GroupDocument, member) -> bool:
    """The uploader while still a member, and the group's coordinators."""
    if member is None:
        return False
    if document.uploaded_by_id == member.pk and is_member(document.group, member):
        return True
    return document.group.coordinators().filter(member=member).exists()


def delete(document: GroupDocument, member) -> None:
    if not can_delete(document, member):
        raise DocumentError(
            _("Only the person who shared it or a coordinator can delete it.")
        )
    document.delete()  # the file goes with it (signals._document_deleted)
