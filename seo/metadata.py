"""What search engines and link previews read: canonical URLs, Open Graph, JSON-LD.

Every absolute URL comes from the Wagtail Site (Settings → Sites: hostname and
port), never from the request's Host header, so that a page has one canonical URL
whatever name it was reached by; feeds (guid) and the sitemap use the same URLs.

What a page says about itself (title, description, image, schema.org data) is
the page type's own answer (project_pages/structured_data.py,
``PageMetadataMixin``); this module puts it in the <head>.
"""

import json
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from project_pages.structured_data import (
    PageMetadataMixin,
    first_image,
    image_info,
    iso,
    page_description,
    page_title,
    site_name,
    webpage_data,
)

# Open Graph wants a territory; these are the observatory's readers.
OG_LOCALES = {"ca": "ca_ES", "es": "es_ES", "en": "en_GB"}
# The search page's own parameters that select results; anything else (page,
# sort, page size, tracking parameters such as utm_*) is noise for a canonical URL.
SEARCH_CANONICAL_PARAMETERS = (
    "q",
    "area",
    "type",
    "phase",
    "size",
    "country",
    "technology",
    "tag",
    "place",
    "near",
    "within",
)

# json.dumps output made safe inside <script>: no "</script>", no "<!--", no "&".
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


# URLs ------------------------------------------------------------------------


def page_url(page: Page, request=None) -> str | None:
    """The page's absolute URL on its site, None when it is not routable."""
    return page.get_full_url(request)


def page_canonical_url(page: Page, request=None) -> str | None:
    """An alias has the same content as its source: the source is canonical."""
    if page.alias_of_id:
        source = Page.objects.filter(pk=page.alias_of_id).first()
        if source is not None:
            page = source
    return page_url(page, request)


def clean_query(params, allowed: Iterable[str]) -> str:
    """The allowed parameters of a query string, in a fixed order, empty values
    dropped: equivalent URLs get the same canonical form."""
    pairs = []
    for name in allowed:
        for value in params.getlist(name):
            value = " ".join(value.replace("\x00", "").split())
            if value:
                pairs.append((name, value))
    return urlencode(pairs)


def with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def listing_page_number(params) -> int:
    """The ``?page=`` of a paginated listing; 1 when absent or malformed."""
    try:
        number = int(params.get("page", "1"))
    except ValueError:
        return 1
    return number if number > 1 else 1


def json_ld(data: Mapping) -> SafeString:
    """JSON for ``<script type="application/ld+json">``; a "</script>" in a title
    cannot end the script, since ``<``, ``>`` and ``&`` are written as escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 (escaped above)


def structured_data(page: Page, request=None, image: dict | None = None) -> dict:
    """The schema.org description of a page, the page type's own (``image``: its
    ``image_info``, when the caller has it already)."""
    url = page_canonical_url(page, request)
    if isinstance(page, PageMetadataMixin):
        return page.structured_data(url, request, image)
    return webpage_data(page, url, request)


def share_image(page: Page):
    if isinstance(page, PageMetadataMixin):
        return page.share_image()
    return first_image(getattr(page, "body", None))


def page_meta(page: Page, request=None) -> dict:
    """Everything the <head> says about a page but its canonical URL: titles,
    Open Graph, JSON-LD. Costs queries (entities, image): rendered inside a
    cached fragment (templates/seo/head.html)."""
    image = image_info(share_image(page), request)
    og_type = getattr(page, "og_type", "website")
    article = og_type == "article"
    meta = {
        "title": page_title(page),
        "description": page_description(page),
        "site_name": site_name(),
        "og_type": og_type,
        "og_locale": OG_LOCALES.get(page.locale.language_code, ""),
        "image": image,
        "published": iso(page.first_published_at) if article else None,
        "modified": iso(page.last_published_at) if article else None,
        "section": "",
        "tags": [],
        "json_ld": json_ld(structured_data(page, request, image)),
    }
    if isinstance(page, PageMetadataMixin):
        meta["section"] = page.open_graph_section()
        meta["tags"] = page.open_graph_tags()
    return meta


def active_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE
