"""What search engines and link previews read: canonical URLs, Open Graph, JSON-LD.

Every absolute URL comes from the Wagtail Site (Settings → Sites: hostname and
port), never from the request's Host header, so that a page has one canonical URL
whatever name it was reached by; feeds (guid) and the sitemap use the same URLs.

Structured data never includes a project file's contacts (personal data,
docs/data-protection.md): it is built from an allow-list of fields below, and
``project_data`` is tested for it.
"""

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from core.base_url import absolute_url, site_root_url  # noqa: F401
from project_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    ProjectIndexPage,
    ProjectPage,
)
from project_pages.vocabularies import AreaCode, Phase

# Open Graph wants a territory; these are the observatory's readers.
OG_LOCALES = {"ca": "ca_ES", "es": "es_ES", "en": "en_GB"}
# The rendition the page body already shows (observatory_tags.IMAGE_RENDITION):
# sharing an image creates no second rendition.
SHARE_RENDITION = "max-960x640"
DESCRIPTION_LENGTH = 300
HEADLINE_LENGTH = 110  # schema.org/Google: an Article headline of at most 110
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


# Texts -------------------------------------------------------------------------


def truncate(text: str, length: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def page_title(page: Page) -> str:
    return page.seo_title or page.title


def page_description(page: Page) -> str:
    """What a search result or a shared link shows under the title."""
    text = (
        page.search_description
        or getattr(page, "summary", "")
        or getattr(page, "intro", "")
    )
    return truncate(text, DESCRIPTION_LENGTH)


def site_name() -> str:
    return str(settings.WAGTAIL_SITE_NAME)


# Images -------------------------------------------------------------------------


def page_image(page: Page):
    """The first image of a project's documentation or of an article's body."""
    stream = None
    if isinstance(page, ProjectPage):
        stream = page.documentation
    elif hasattr(page, "body"):
        stream = page.body
    for block in stream or []:
        if block.block_type == "image" and block.value.get("image") is not None:
            return block.value["image"]
    return None


def image_info(image, request=None) -> dict | None:
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_RENDITION)
    return {
        "url": absolute_url(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text if hasattr(image, "default_alt_text") else "",
    }


# Structured data (schema.org JSON-LD) -------------------------------------------


def json_ld(data: Mapping) -> SafeString:
    """JSON for ``<script type="application/ld+json">``; a "</script>" in a title
    cannot end the script, since ``<``, ``>`` and ``&`` are written as escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 (escaped above)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _publisher(request=None) -> dict:
    home = home_url(request)
    data = {"@type": "Organization", "name": site_name()}
    if home:
        data["url"] = home
    return data


def home_url(request=None) -> str | None:
    try:
        return absolute_url(reverse("wagtail_serve", args=("",)), request)
    except NoReverseMatch:
        return None


def _compact(data: dict) -> dict:
    """Drop empty values: absent is better than empty for structured data."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _address(entity) -> dict:
    return _compact(
        {
            "@type": "PostalAddress",
            "addressLocality": entity.municipality,
            "addressRegion": entity.region,
            "addressCountry": entity.country,
        }
    )


def _organization(entity) -> dict:
    """A local administration: public body, public data (never a person)."""
    return _compact(
        {
            "@type": "GovernmentOrganization",
            "name": entity.name,
            "address": _address(entity),
        }
    )


def _place(entity) -> dict | None:
    if not entity.municipality:
        return None
    place = {
        "@type": "Place",
        "name": entity.municipality,
        "address": _address(entity),
    }
    if entity.has_coordinates:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": entity.latitude,
            "longitude": entity.longitude,
        }
    return place


def project_data(page: ProjectPage, url: str | None, image: dict | None, request=None):
    """A project file as a schema.org ``CreativeWork``.

    Why this type: the page is a documented case (a written file about a
    project), not the project itself. ``Project`` is still pending in schema.org
    and is an Organization subtype, whose properties would describe the team
    rather than the file; ``GovernmentService`` fits only the files whose
    project became a service in production. A CreativeWork says what the file is
    (``about`` its areas, ``spatialCoverage`` where it happened,
    ``sourceOrganization`` the lead administration) and is understood by every
    consumer. Contacts are never read here.
    """
    entities = page.ordered_entities()
    lead, others = (entities[0], entities[1:]) if entities else (None, [])
    areas = sorted(page.areas.all(), key=lambda area: area.code)
    keywords: list[str] = []
    for name in [*(tag.name for tag in page.tags.all()), *_technologies(page)]:
        if name and name not in keywords:
            keywords.append(name)
    places = [place for place in map(_place, entities) if place]
    period = None
    if page.start_date:
        period = f"{page.start_date.isoformat()}/{_iso(page.end_date) or '..'}"
    try:
        status = str(Phase(page.phase).label)
    except ValueError:
        status = page.phase
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": page.title,
            "headline": truncate(page.title, HEADLINE_LENGTH),
            "description": truncate(page.summary, DESCRIPTION_LENGTH),
            "url": url,
            "datePublished": _iso(page.first_published_at),
            "dateModified": _iso(page.last_published_at),
            "inLanguage": page.locale.language_code,
            "about": [
                {"@type": "DefinedTerm", "name": area.label, "termCode": area.code}
                for area in areas
                if area.code in AreaCode.values
            ],
            "keywords": keywords,
            "creativeWorkStatus": status,
            "temporalCoverage": period,
            "spatialCoverage": places,
            "sourceOrganization": _organization(lead) if lead else None,
            "contributor": [_organization(entity) for entity in others],
            "image": image["url"] if image else None,
            "publisher": _publisher(request),
        }
    )


def _technologies(page: ProjectPage) -> list[str]:
    return [
        " ".join(str(block.value["name"]).split())
        for block in page.technologies()
        if block.value.get("name")
    ]


def article_data(page: ArticlePage, url: str | None, image: dict | None, request=None):
    """An article: headline, dates, the signing author, the language."""
    author = (
        {"@type": "Person", "name": page.author} if page.author else _publisher(request)
    )
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": truncate(page.title, HEADLINE_LENGTH),
            "name": page.title,
            "description": truncate(page.intro, DESCRIPTION_LENGTH),
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": _iso(page.date or page.first_published_at),
            "dateModified": _iso(page.last_published_at),
            "inLanguage": page.locale.language_code,
            "author": author,
            "image": image["url"] if image else None,
            "publisher": _publisher(request),
        }
    )


def home_data(page: HomePage, url: str | None, request=None) -> dict:
    """The site itself, with the search box search engines may offer."""
    data = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_name(),
        "url": url,
        "inLanguage": page.locale.language_code,
        "description": page_description(page),
        "publisher": _publisher(request),
    }
    try:
        search = absolute_url(reverse("search_page"), request)
    except NoReverseMatch:
        search = None
    if search:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        }
    return _compact(data)


def webpage_data(page: Page, url: str | None, request=None) -> dict:
    listing = isinstance(page, ProjectIndexPage | ArticleIndexPage)
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "CollectionPage" if listing else "WebPage",
            "name": page_title(page),
            "description": page_description(page),
            "url": url,
            "inLanguage": page.locale.language_code,
            "datePublished": _iso(page.first_published_at),
            "dateModified": _iso(page.last_published_at),
            "publisher": _publisher(request),
        }
    )


def structured_data(page: Page, request=None, image: dict | None = None) -> dict:
    """The schema.org description of a page, by page type (``image``: its
    ``image_info``, when the caller has it already)."""
    url = page_canonical_url(page, request)
    if isinstance(page, ProjectPage | ArticlePage) and image is None:
        image = image_info(page_image(page), request)
    if isinstance(page, ProjectPage):
        page.prefetch_for_display()
        return project_data(page, url, image, request)
    if isinstance(page, ArticlePage):
        return article_data(page, url, image, request)
    if isinstance(page, HomePage):
        return home_data(page, url, request)
    from visits.models import StopPage

    if isinstance(page, StopPage):
        from visits.seo import stop_data

        return stop_data(page, url, request)
    return webpage_data(page, url, request)


def page_meta(page: Page, request=None) -> dict:
    """Everything the <head> says about a page but its canonical URL: titles,
    Open Graph, JSON-LD. Costs queries (entities, image): rendered inside a
    cached fragment (templates/project_pages/seo/head.html)."""
    image = image_info(page_image(page), request)
    article = isinstance(page, ProjectPage | ArticlePage)
    meta = {
        "title": page_title(page),
        "description": page_description(page),
        "site_name": site_name(),
        "og_type": "article" if article else "website",
        "og_locale": OG_LOCALES.get(page.locale.language_code, ""),
        "image": image,
        "published": _iso(page.first_published_at) if article else None,
        "modified": _iso(page.last_published_at) if article else None,
        "section": "",
        "tags": [],
        "json_ld": json_ld(structured_data(page, request, image)),
    }
    if isinstance(page, ProjectPage):
        areas = sorted(page.areas.all(), key=lambda area: area.code)
        meta["section"] = areas[0].label if areas else ""
        meta["tags"] = sorted(tag.name for tag in page.tags.all())
    return meta


def active_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE
