"""Level 6 of a project file: documentation and dissemination."""

import re
from urllib.parse import parse_qs, urlparse

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from project_pages.vocabularies import DocumentationKind

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^\d{4,12}$")


def video_embed_url(url: str) -> str | None:
    """A privacy-friendly player URL for YouTube or Vimeo links, else None.

    Built from the link itself, so rendering a page never calls an oEmbed provider
    (no network, no extra query) and YouTube is served from its no-cookie domain.
    """
    try:
        parsed = urlparse(url)
    except ValueError:
        return None
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [None])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
        if video_id and _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/").split("/")[0]
        if _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        video_id = parsed.path.rstrip("/").split("/")[-1]
        if _VIMEO_ID.match(video_id):
            return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return None


class VideoValue(blocks.StructValue):
    def embed_url(self) -> str | None:
        return video_embed_url(self.get("url") or "")


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255, required=False, label=_("Title"))
    url = blocks.URLBlock(
        label=_("Video link"),
        help_text=_(
            "A YouTube or Vimeo link is shown as a player (without tracking cookies); "
            "any other link is shown as a link."
        ),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        description = _("A video, embedded from YouTube or Vimeo")
        template = "blocks/video_block.html"
        value_class = VideoValue
        preview_value = {
            "title": "Presentació del projecte",
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        max_length=255,
        required=False,
        label=_("Title"),
        help_text=_("Leave empty to use the document's own title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        description = _("A document from the library (PDF, slides, spreadsheet...)")
        template = "blocks/document_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(max_length=255, required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        description = _("An image with a caption")
        template = "blocks/image_block.html"


class LinkBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[c for c in DocumentationKind.choices if c[0] != "video"],
        default=DocumentationKind.ARTICLE,
        label=_("Kind"),
    )
    title = blocks.CharBlock(max_length=255, required=False, label=_("Title"))
    url = blocks.URLBlock(label=_("Link"))

    class Meta:
        icon = "link"
        label = _("Link")
        description = _("An article, demo, slides, document or website elsewhere")
        template = "blocks/link_block.html"
        preview_value = {
            "kind": "article",
            "title": "Article a la revista municipal",
            "url": "https://example.org/article",
        }


class ProjectMediaBlock(blocks.StreamBlock):
    video = VideoBlock()
    document = DocumentBlock()
    image = ImageBlock()
    link = LinkBlock()
