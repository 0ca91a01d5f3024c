"""Body blocks for articles and standard pages (news, opinion, about, how to)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .media import ImageBlock, VideoBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=255, label=_("Who"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        description = _("A quotation with its author")
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "La tecnologia sola no transforma: cal canviar com treballem.",
            "attribution": "Secretària municipal",
        }


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Text")
        description = _("Paragraphs with headings, lists and links")
        template = "blocks/paragraph_block.html"
        preview_value = (
            "<p>Les comunitats de pràctica connecten professionals que comparteixen "
            "un mateix repte.</p>"
        )


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
    )
    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()
