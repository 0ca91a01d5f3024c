"""Template helpers of the public site: language switcher, navigation, renditions.

Each helper costs a fixed number of queries (at most one) whatever the page holds,
so that pages render with a constant number of SQL queries.
"""

from django import template
from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import Page

from core.caching import timeout, tree_cached, tree_version
from project_pages.vocabularies import DocumentationKind, TechnologyKind

register = template.Library()

# The one rendition the image block uses (templates/blocks/image_block.html);
# prefetch_renditions fetches it for every image of a stream in one query.
IMAGE_RENDITION = "max-960x640"

CHOICES = {
    "technology": TechnologyKind,
    "documentation": DocumentationKind,
}


def home_url(language_code: str) -> str:
    """The URL of a language's home page (/ca/, /es/, /en/), without a query."""
    try:
        with translation.override(language_code):
            return reverse("wagtail_serve", args=("",))
    except NoReverseMatch:
        return "/"


def _site_key(request) -> str:
    """The host asked for: one site per host, and known without a query (whether
    Wagtail had already looked the site up in this request must not change the
    key, or the same page would miss the cache depending on what ran first)."""
    if request is None:
        return "-"
    try:
        return request.get_host().lower()
    except Exception:  # noqa: BLE001 - DisallowedHost: no site to name
        return "-"


def _translation_urls(page: Page, request) -> dict[str, str]:
    """URLs of the page's live translations by language, cached per tree version."""

    def compute() -> dict[str, str]:
        urls = {}
        for other in (
            page.get_translations(inclusive=True).live().select_related("locale")
        ):
            url = other.get_url(request)
            if url:
                urls[other.locale.language_code] = url
        return urls

    return tree_cached(
        f"translations:{page.translation_key}:{_site_key(request)}", compute
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One link per site language: to the page's live translation, or to home.

    Labels are the language names in their own language (settings.LANGUAGES).
    At most one query for a page (its live translations), none once cached.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language() or settings.LANGUAGE_CODE
    translations: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        translations = _translation_urls(page, request)
    elif context.get("translation_urls"):
        # Views that are not pages (the search page) give their own URL per
        # language, e.g. with the visitor's filters kept.
        translations = dict(context["translation_urls"])
    links = []
    for code, name in settings.LANGUAGES:
        is_translation = code in translations
        links.append(
            {
                "code": code,
                "name": name,
                "url": translations[code] if is_translation else home_url(code),
                "is_current": code == current,
                "is_translation": is_translation,
            }
        )
    return links


def _navigation(language: str, request) -> list[dict]:
    """The live pages editors flagged "Show in menus" (Promote tab) in the
    language's tree, in tree order: the sections under each home page."""
    pages = (
        Page.objects.live()
        .in_menu()
        .filter(locale__language_code=language)
        .order_by("path")
    )
    items = []
    for nav_page in pages:
        url = nav_page.get_url(request)
        if url:
            items.append({"title": nav_page.title, "url": url})
    return items


@register.simple_tag(takes_context=True)
def site_navigation(context) -> list[dict]:
    """The site's main menu in the active language (pages shown in menus).

    One query, none once cached (until the page tree changes).
    """
    request = context.get("request")
    language = translation.get_language() or settings.LANGUAGE_CODE
    items = tree_cached(
        f"nav:{language}:{_site_key(request)}", lambda: _navigation(language, request)
    )
    current_path = request.path if request else ""
    return [
        {
            **item,
            "is_current": current_path == item["url"],
            "is_ancestor": current_path.startswith(item["url"])
            and current_path != item["url"],
        }
        for item in items
    ]


@register.simple_tag
def home_page_url() -> str:
    return home_url(translation.get_language() or settings.LANGUAGE_CODE)


@register.simple_tag
def prefetch_renditions(stream) -> str:
    """Fetch the image block's rendition for every image of a stream in one query.

    Without it each ``{% image %}`` looks its rendition up on its own: one query
    per image. Renditions not created yet are still created on first view.
    """
    images = [
        block.value["image"]
        for block in stream or []
        if block.block_type == "image" and block.value.get("image") is not None
    ]
    if images:
        rendition_model = get_image_model().get_rendition_model()
        prefetch_related_objects(
            images,
            Prefetch(
                "renditions",
                queryset=rendition_model.objects.filter(filter_spec=IMAGE_RENDITION),
            ),
        )
    return ""


@register.filter
def choice_label(value: str, vocabulary: str) -> str:
    """The translated label of a vocabulary code, e.g. 'platform' → 'Plataforma'."""
    choices = CHOICES.get(vocabulary)
    if not value or choices is None:
        return value or ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@register.simple_tag
def cache_settings() -> dict:
    """Timeout and tree version for ``{% cache %}`` fragments of page bodies."""
    return {"timeout": timeout(), "version": tree_version()}


@register.simple_tag
def prefetch_project(page) -> str:
    """Load what the project page shows (entities, areas, types, tags) at once."""
    page.prefetch_for_display()
    return ""
