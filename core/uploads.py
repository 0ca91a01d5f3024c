"""What a visitor or a sender may attach: the document types of
``WAGTAILDOCS_EXTENSIONS`` and the image formats of ``UPLOAD_IMAGE_EXTENSIONS``
(an HTML page or an SVG could run script if a browser rendered it)."""

from pathlib import Path

from django.conf import settings


def allowed_upload_extensions() -> list[str]:
    """Lower-case extensions (no dot) a visitor or a sender may attach."""
    return sorted(
        {
            *(e.lower() for e in settings.WAGTAILDOCS_EXTENSIONS),
            *settings.UPLOAD_IMAGE_EXTENSIONS,
        }
    )


def extension_of(filename: str) -> str:
    """ "Memòria.PDF" → "pdf"; "" when the name has none."""
    return Path(filename or "").suffix.lower().lstrip(".")


def is_allowed_upload(filename: str) -> bool:
    return extension_of(filename) in allowed_upload_extensions()
