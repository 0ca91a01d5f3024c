"""Template helpers of the public site: language switcher, navigation, renditions.

Each helper costs a fixed number of queries (at most one) whatever the page holds,
so that pages render with a constant number of SQL queries.
"""

from django import template
from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import Page

from core import language_switcher
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
    return language_switcher.home_url(language_code)


_site_key = language_switcher.site_key


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The language switcher's entries (core/language_switcher.py): per language,
    its URL (the same page or view in that language), label and status.

    Views that are not pages may give their own URL per language in the context
    (``translation_urls``, e.g. the search page with the visitor's filters); the
    machine translation of a page says so (``machine_translation``).
    """
    return language_switcher.language_options(
        context.get("request"),
        page=context.get("page"),
        translation_urls=context.get("translation_urls"),
        machine_translation=bool(context.get("machine_translation")),
    )


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


@register.simple_tag
def untranslated_blocks(page) -> dict:
    """``{block id: language}`` of the blocks of a translated project file still
    in the language they were copied from (project_pages/languages.py)."""
    from project_pages.languages import untranslated_blocks as find

    if not getattr(page, "pk", None) or not hasattr(page, "analysis"):
        return {}
    return find(page)


@register.filter
def lang_of(untranslated, block_id) -> str:
    """The language of a block listed by ``untranslated_blocks``, or ""."""
    return (untranslated or {}).get(str(block_id), "")
