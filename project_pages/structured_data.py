"""What a page says about itself to search engines and link previews: its
title and description, the image a shared link shows, and its schema.org
description (JSON-LD).

Each page type answers for itself through ``PageMetadataMixin``; the helpers
below are shared by the page types of every app (the caravan's too). The seo app
puts the answers in the <head>, the feeds and the sitemap.

Structured data never includes a project file's contacts (personal data,
docs/data-protection.md): it is built from an allow-list of fields below, and
``project_data`` is tested for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from core.base_url import absolute_url
from project_pages.vocabularies import AreaCode, Phase

if TYPE_CHECKING:
    from wagtail.models import Page

    from project_pages.models import ArticlePage, HomePage, ProjectPage

# The rendition the page body already shows (observatory_tags.IMAGE_RENDITION):
# sharing an image creates no second rendition.
SHARE_RENDITION = "max-960x640"
DESCRIPTION_LENGTH = 300
HEADLINE_LENGTH = 110  # schema.org/Google: an Article headline of at most 110


class PageMetadataMixin:
    """What a page type tells search engines, link previews and feed readers.

    The defaults describe a plain web page; a page type overrides what it knows
    better (a project file is an article with its own schema.org description, an
    index lists pages and has a feed).
    """

    # Open Graph's type: "article" adds the publication dates to the <head>.
    og_type = "website"
    # A listing: paginated (``?page=n`` is part of its canonical URL) and a
    # schema.org CollectionPage.
    is_listing = False
    # The feeds a page announces (autodiscovery), by name: "projects", "articles",
    # "stops" (the seo app's feeds).
    feed_names: tuple[str, ...] = ()

    def share_image(self):
        """The image a shared link shows: the first image of the body."""
        return first_image(getattr(self, "body", None))

    def structured_data(self, url: str | None, request=None, image=None) -> dict:
        """The page as schema.org data (``image``: its ``image_info``, when the
        caller has it already)."""
        return webpage_data(self, url, request)

    def open_graph_section(self) -> str:
        return ""

    def open_graph_tags(self) -> list[str]:
        return []


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


def first_image(stream):
    """The first image block's image of a StreamField, None without one."""
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


# Structured data (schema.org) ---------------------------------------------------


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def publisher(request=None) -> dict:
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


def compact(data: dict) -> dict:
    """Drop empty values: absent is better than empty for structured data."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _address(entity) -> dict:
    return compact(
        {
            "@type": "PostalAddress",
            "addressLocality": entity.municipality,
            "addressRegion": entity.region,
            "addressCountry": entity.country,
        }
    )


def _organization(entity) -> dict:
    """A local administration: public body, public data (never a person)."""
    return compact(
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
        period = f"{page.start_date.isoformat()}/{iso(page.end_date) or '..'}"
    try:
        status = str(Phase(page.phase).label)
    except ValueError:
        status = page.phase
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": page.title,
            "headline": truncate(page.title, HEADLINE_LENGTH),
            "description": truncate(page.summary, DESCRIPTION_LENGTH),
            "url": url,
            "datePublished": iso(page.first_published_at),
            "dateModified": iso(page.last_published_at),
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
            "publisher": publisher(request),
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
        {"@type": "Person", "name": page.author} if page.author else publisher(request)
    )
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": truncate(page.title, HEADLINE_LENGTH),
            "name": page.title,
            "description": truncate(page.intro, DESCRIPTION_LENGTH),
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": iso(page.date or page.first_published_at),
            "dateModified": iso(page.last_published_at),
            "inLanguage": page.locale.language_code,
            "author": author,
            "image": image["url"] if image else None,
            "publisher": publisher(request),
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
        "publisher": publisher(request),
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
    return compact(data)


def webpage_data(page: Page, url: str | None, request=None) -> dict:
    listing = getattr(page, "is_listing", False)
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "CollectionPage" if listing else "WebPage",
            "name": page_title(page),
            "description": page_description(page),
            "url": url,
            "inLanguage": page.locale.language_code,
            "datePublished": iso(page.first_published_at),
            "dateModified": iso(page.last_published_at),
            "publisher": publisher(request),
        }
    )
