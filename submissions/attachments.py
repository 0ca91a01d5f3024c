"""Attachments of submissions become Wagtail documents and images.

They are personal data until an editor uses them in a project file, so they live
in a collection of their own, "Submissions", whose documents only editors and
moderators may download (a Wagtail collection view restriction), with a random
part in every stored file name so that no address can be guessed. Images are
Wagtail images in the same collection, so the editor can put them in the draft
project file as they are.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.core.files import File
from django.db import transaction

COLLECTION_NAME = "Submissions"
EDITOR_GROUPS = ("Editors", "Moderators")


def collection():
    """The private collection of submission files (made on first use)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    found = root.get_children().filter(name=COLLECTION_NAME).first()
    if found is not None:
        return found
    with transaction.atomic():
        found = root.add_child(name=COLLECTION_NAME)
        restriction = CollectionViewRestriction.objects.create(
            collection=found, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=EDITOR_GROUPS))
    return found


def stored_name(filename: str) -> str:
    """``informe.pdf`` → ``informe-3f9a1c2b7d4e.pdf``: the name the editor knows,
    not one a stranger can guess."""
    path = Path(filename)
    stem = path.stem[:80] or "attachment"
    return f"{stem}-{secrets.token_hex(6)}{path.suffix[:16]}"


def store(attachment, message):
    """(document, image): one of them, made from the parsed attachment's file."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    target = collection()
    title = attachment.filename[:255]
    name = stored_name(attachment.filename)
    if attachment.is_image:
        image_model = get_image_model()
        with open(attachment.path, "rb") as fh:
            image = image_model(title=title, collection=target)
            try:
                image.file.save(name, File(fh, name=name), save=False)
                if not (image.width and image.height):
                    raise ValueError("not a readable image")
                image._set_image_file_metadata()
                with transaction.atomic():  # a savepoint: PostgreSQL goes on after
                    image.save()
                return None, image
            except Exception:  # noqa: BLE001 - not a readable image: a document then
                if image.file:
                    image.file.delete(save=False)
    document_model = get_document_model()
    with open(attachment.path, "rb") as fh:
        document = document_model(title=title, collection=target)
        document.file.save(name, File(fh, name=name), save=False)
        document._set_document_file_metadata()
        document.save()
    return document, None
