"""sitemap.xml (with each page's translations as hreflang alternates) and robots.txt.

Translations are separate Wagtail pages linked by ``translation_key``, so Django's
``Sitemap.i18n`` (one URL reversed per language) does not apply: the alternates of a
batch of pages are fetched in bulk by translation key and written as
``<xhtml:link rel="alternate" hreflang="..">``, plus ``x-default`` (the default
language's version). Listed: every live, public page but the tree root and aliases
(an alias repeats its source, which is canonical). The sitemap index splits each
section into sitemaps of ``SITEMAP_PAGE_SIZE`` URLs; a sitemap costs a fixed number
of queries whatever its size, and is cached until the page tree changes.
"""

from collections import defaultdict
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, Site

from core.base_url import site_root_url
from core.caching import tree_cached
from project_pages.models import ProjectPage

SITEMAP_PAGE_SIZE = 5000
# Translation keys per query (stays under every database's parameter limit).
KEYS_PER_QUERY = 500
# What a URL and a lastmod need: nothing of the specific page types.
URL_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "translation_key",
    "first_published_at",
    "last_published_at",
)


def sitemap_pages():
    """Pages a search engine may list: live, public, not the root, not aliases."""
    return Page.objects.live().public().filter(depth__gt=1, alias_of__isnull=True)


class PageUrls:
    """Absolute page URLs for thousands of pages: what ``Page.get_full_url`` gives,
    with the language prefix reversed once per language instead of once per
    page (a third of the sitemap's time otherwise)."""

    def __init__(self):
        self.site_roots = Site.get_site_root_paths()
        self.prefixes: dict[str, str | None] = {}

    def prefix(self, language_code: str) -> str | None:
        if language_code not in self.prefixes:
            try:
                with translation.override(language_code):
                    self.prefixes[language_code] = reverse("wagtail_serve", args=("",))
            except NoReverseMatch:
                self.prefixes[language_code] = None
        return self.prefixes[language_code]

    def __call__(self, page: Page) -> str | None:
        for root in self.site_roots:  # Wagtail's order: the first match wins
            if page.url_path.startswith(root.root_path):
                prefix = self.prefix(root.language_code)
                if prefix is None:
                    return None
                return root.root_url + prefix + page.url_path[len(root.root_path) :]
        return None


def lastmod(page: Page):
    return page.last_published_at or page.first_published_at


class PageSitemap(Sitemap):
    """A section of the sitemap: the pages of ``queryset()``, by tree path."""

    limit = SITEMAP_PAGE_SIZE
    section = "pages"

    def __init__(self, request=None):
        self.request = request

    def queryset(self):
        return sitemap_pages()

    def items(self):
        return self.queryset().only(*URL_FIELDS).order_by("path")

    def lastmod(self, page: Page):
        return lastmod(page)

    def get_latest_lastmod(self):
        """One aggregate query (Django's default reads every item)."""
        latest = self.queryset().aggregate(
            last=Max("last_published_at"), first=Max("first_published_at")
        )
        return latest["last"] or latest["first"]

    def get_urls(self, page=1, site=None, protocol=None):
        number = str(page)
        key = f"sitemap:{self.section}:{number}:{site_root_url(self.request)}"
        urls, latest = tree_cached(key, lambda: self._page_urls(page))
        if latest is not None:
            self.latest_lastmod = latest
        return urls

    def _page_urls(self, page) -> tuple[list[dict], object]:
        pages = list(self.paginator.page(page).object_list)
        page_urls = PageUrls()
        known: dict[int, str | None] = {}
        alternates = self.translations(pages, page_urls, known)
        urls, latest, every_lastmod = [], None, True
        for item in pages:
            location = known[item.pk] if item.pk in known else page_urls(item)
            if not location:
                continue
            modified = lastmod(item)
            every_lastmod = every_lastmod and modified is not None
            if modified is not None and (latest is None or modified > latest):
                latest = modified
            urls.append(
                {
                    "location": location,
                    "lastmod": modified,
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates.get(item.translation_key, []),
                }
            )
        return urls, latest if every_lastmod else None

    def translations(self, pages: list[Page], page_urls, known: dict) -> dict:
        """{translation key: alternates} for the keys with two or more live
        translations, in a query per ``KEYS_PER_QUERY`` keys; ``known`` gets
        the URL of every page read (the batch's own pages are among them)."""
        keys = sorted({page.translation_key for page in pages})
        if not keys:
            return {}
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        candidates = sitemap_pages()  # view restrictions read once
        by_key: dict = defaultdict(dict)
        for start in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[start : start + KEYS_PER_QUERY]
            for other in candidates.filter(translation_key__in=chunk).only(*URL_FIELDS):
                url = known[other.pk] = page_urls(other)
                if url:
                    by_key[other.translation_key][languages[other.locale_id]] = url
        alternates = {}
        order = [code for code, _name in settings.LANGUAGES]
        for key, urls in by_key.items():
            if len(urls) < 2:
                continue
            codes = sorted(urls, key=lambda c: order.index(c) if c in order else 99)
            links = [{"lang_code": code, "location": urls[code]} for code in codes]
            default = urls.get(settings.LANGUAGE_CODE)
            if default:
                links.append({"lang_code": "x-default", "location": default})
            alternates[key] = links
        return alternates


class ProjectSitemap(PageSitemap):
    """Project files: most of the site, in a section of their own."""

    section = "projects"

    def queryset(self):
        return sitemap_pages().type(ProjectPage)


class OtherPagesSitemap(PageSitemap):
    """Home pages, indexes, articles and editorial pages."""

    section = "pages"

    def queryset(self):
        return sitemap_pages().not_type(ProjectPage)


# Sections of /sitemap.xml; a new page type with many pages may get its own
# (exclude it from "pages" then, so that no URL is listed twice).
SITEMAPS: dict[str, type[PageSitemap]] = {
    "pages": OtherPagesSitemap,
    "projects": ProjectSitemap,
}


def _sitemaps(request) -> dict[str, PageSitemap]:
    return {name: sitemap_class(request) for name, sitemap_class in SITEMAPS.items()}


@require_GET
def sitemap_index(request):
    """``/sitemap.xml``: one entry per section page of 5,000 URLs, at the site's
    address (Django's index would write the request's scheme and host)."""
    response = sitemap_views.index(
        request, sitemaps=_sitemaps(request), sitemap_url_name="sitemap_section"
    )
    root = site_root_url(request)
    for item in response.context_data["sitemaps"]:
        parts = urlsplit(item.location)
        item.location = root + urlunsplit(("", "", parts.path, parts.query, ""))
    return response


@require_GET
def sitemap_section(request, section: str):
    """``/sitemap-<section>.xml?p=<n>``."""
    return sitemap_views.sitemap(request, sitemaps=_sitemaps(request), section=section)


# Pages whose query strings combine filters without end: crawlers get the bare
# page (and the sitemap), not every combination of facets.
FACETED_URL_NAMES = (
    "search_page",
    "search_map:map_page",
    "map_page",
    "community:forum_search",
    "feeds:projects_rss",
    "feeds:projects_atom",
)


def robots_lines(request) -> list[str]:
    lines = [
        "User-agent: *",
        # The editors' interface and the machine interfaces (JSON, every filter
        # combination) are no content for a search index.
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /i18n/",
    ]
    seen = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in FACETED_URL_NAMES:
                try:
                    url = reverse(name)
                except NoReverseMatch:
                    continue
                if url not in seen:
                    seen.add(url)
                    # "?" is literal in robots.txt: the bare page stays allowed.
                    lines.append(f"Disallow: {url}?")
    lines += ["Allow: /", ""]
    lines.append(f"Sitemap: {site_root_url(request)}{reverse('sitemap_index')}")
    return lines


@require_GET
def robots_txt(request):
    """``/robots.txt``: everything allowed but the admin, the APIs and the
    faceted query strings; the sitemap's absolute URL."""
    response = HttpResponse(
        "\n".join(robots_lines(request)) + "\n", content_type="text/plain"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
