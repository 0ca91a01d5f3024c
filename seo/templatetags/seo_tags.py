"""Template helpers for <head>: canonical URL, hreflang, feeds, Open Graph, JSON-LD.

``seo_canonical``, ``seo_alternates`` and ``feed_links`` cost no query on a page
whose site and translations are cached (the routing and ``language_links`` did
the work); ``seo_meta`` reads entities and images, so templates/seo/head.html
renders it inside a fragment cached until content changes.
"""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.base_url import absolute_url, site_root_url
from project_pages.templatetags.observatory_tags import language_links
from seo.feeds import FEEDS, feed_url
from seo.metadata import (
    OG_LOCALES,
    SEARCH_CANONICAL_PARAMETERS,
    clean_query,
    listing_page_number,
    page_canonical_url,
    page_meta,
    with_query,
)

register = template.Library()

FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
# The search page's filters, as the search API (and so the feed) names them.
SEARCH_FILTERS = ("q", "area", "type", "phase", "size", "country", "technology", "tag")


def wagtail_page(context) -> Page | None:
    """The Wagtail page being rendered (views may put other things in ``page``)."""
    page = context.get("page")
    return page if isinstance(page, Page) and page.pk else None


def _is_error_page(context) -> bool:
    """Django's 404 handler renders with ``request_path`` and ``exception``: an
    error page has no canonical URL or alternates."""
    return "exception" in context and "request_path" in context


def _url_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match else ""


@register.simple_tag(takes_context=True)
def seo_page(context) -> Page | None:
    """The page whose Open Graph and JSON-LD the head carries; none for a machine
    translation (machine_translation/reading.py): the original's are the ones
    that describe the project, and the title says what a link preview needs."""
    if context.get("machine_translation"):
        return None
    return wagtail_page(context)


def _view_query(request) -> str:
    """The canonical query string of a view that is not a page."""
    if _url_name(request) == "search_page":
        params = request.GET.copy()
        if not (params.get("place", "").strip() or params.get("near", "").strip()):
            params.pop("within", None)  # a distance from nowhere selects nothing
        return clean_query(params, SEARCH_CANONICAL_PARAMETERS)
    number = listing_page_number(request.GET)
    return urlencode({"page": number}) if number > 1 else ""


@register.simple_tag(takes_context=True)
def seo_canonical(context) -> str:
    """The absolute canonical URL, without tracking or presentation parameters.

    A page: its URL on its site (an alias: its source's), plus ``?page=n`` on
    the pages of a listing. The search page: its own filters kept (a filtered
    search is shareable), ``page``, ``sort`` and anything else dropped. Other
    views: the path, plus ``?page=n``.
    """
    request = context.get("request")
    if request is None or _is_error_page(context):
        return ""
    page = wagtail_page(context)
    if page is not None:
        url = page_canonical_url(page, request)
        if not url:
            return ""
        if getattr(page, "is_listing", False):
            number = listing_page_number(request.GET)
            url = with_query(url, urlencode({"page": number}) if number > 1 else "")
        return url
    return absolute_url(with_query(request.path, _view_query(request)), request)


@register.simple_tag(takes_context=True)
def seo_alternates(context) -> dict:
    """Absolute hreflang links of the page's live translations (when it has
    more than one), with ``x-default``, and the Open Graph locales."""
    request = context.get("request")
    empty = {"links": [], "og_locale": "", "og_alternates": []}
    if request is None or _is_error_page(context):
        return empty
    languages = context.get("languages") or language_links(context)
    current = next((lang for lang in languages if lang["is_current"]), None)
    translations = [lang for lang in languages if lang["is_translation"]]
    result = {
        "links": [],
        "og_locale": OG_LOCALES.get(current["code"], "") if current else "",
        "og_alternates": [
            OG_LOCALES[lang["code"]]
            for lang in translations
            if not lang["is_current"] and lang["code"] in OG_LOCALES
        ],
    }
    if len(translations) < 2 or not (current and current["is_translation"]):
        # A machine translation is no version of its own: it names none.
        return result
    root = site_root_url(request)
    # A view's translations carry the visitor's query string: the alternates
    # carry the canonical one, like the canonical URL.
    query = _view_query(request) if wagtail_page(context) is None else None
    links = [
        {
            "code": lang["code"],
            "url": absolute_url(
                lang["url"]
                if query is None
                else with_query(lang["url"].split("?", 1)[0], query),
                root=root,
            ),
        }
        for lang in translations
    ]
    default = next(
        (link for link in links if link["code"] == settings.LANGUAGE_CODE), None
    )
    if default:
        links.append({"code": "x-default", "url": default["url"]})
    result["links"] = links
    return result


def _feed(name: str, title: str, query: str = "") -> list[dict]:
    links = []
    for kind, label in (("rss", "RSS"), ("atom", "Atom")):
        url = feed_url(name, kind, query)
        if url:
            links.append(
                {"type": FEED_TYPES[kind], "title": f"{title} ({label})", "url": url}
            )
    return links


def search_feed_query(request, context) -> str:
    """The search page's current search as the feed's (the API's) parameters:
    the municipality becomes ``near``, "abroad" becomes ``scope``."""
    params = request.GET
    pairs = [
        (name, value)
        for name in SEARCH_FILTERS
        for value in params.getlist(name)
        if value.strip() and "\x00" not in value
    ]
    place = context.get("place")
    near = (
        f"{place.latitude},{place.longitude}"
        if place is not None
        else params.get("near", "").strip()
    )
    within = params.get("within", "").strip()
    if within == "abroad":
        pairs.append(("scope", "abroad"))
    elif near:
        pairs.append(("near", near))
        if within:
            pairs.append(("within", within))
    return urlencode(pairs)


@register.simple_tag(takes_context=True)
def feed_links(context) -> list[dict]:
    """Feed autodiscovery: the feeds a page type announces (``feed_names``: the
    home page, the indexes), and the search page's (the feed of the current
    search)."""
    request = context.get("request")
    if request is None or _is_error_page(context):
        return []
    page = wagtail_page(context)
    names = getattr(page, "feed_names", ())
    if names:
        return [
            link for name in names for link in _feed(name, str(FEEDS[name].feed_title))
        ]
    if page is None and _url_name(request) == "search_page":
        if context.get("error"):
            return []
        return _feed(
            "projects",
            _("New project files for this search"),
            search_feed_query(request, context),
        )
    return []


@register.simple_tag(takes_context=True)
def seo_meta(context, page) -> dict:
    """Titles, Open Graph and JSON-LD of a page (queries: cache the fragment)."""
    return page_meta(page, context.get("request"))
