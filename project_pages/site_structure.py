"""The page tree every installation needs, in Catalan, Spanish and English.

Home → Projects (project index), Articles (article index) and the sections other
apps register (``register_section``: the innovation caravan's calendar, from
visits), with linked translations in every content language. The sections are
the site's main menu (``show_in_menus``). Idempotent: safe to run on every
deploy, by the demo loader and by the importer.
"""

from collections.abc import Mapping

from django.apps import apps
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from project_pages.models import ArticleIndexPage, HomePage, ProjectIndexPage

TITLES = {
    "home": {
        "ca": ("Observatori de la transformació digital local", "inici"),
        "es": ("Observatorio de la transformación digital local", "inicio"),
        "en": ("Observatory of local digital transformation", "home"),
    },
    "projects": {
        "ca": ("Projectes", "projectes"),
        "es": ("Proyectos", "proyectos"),
        "en": ("Projects", "projects"),
    },
    "articles": {
        "ca": ("Articles", "articles"),
        "es": ("Artículos", "articulos"),
        "en": ("Articles", "articles"),
    },
}
# The sections under each home page, in menu order: key → page model.
SECTIONS: dict[str, type[Page] | str] = {
    "projects": ProjectIndexPage,
    "articles": ArticleIndexPage,
}
INTROS = {
    "ca": "Projectes de transformació digital d'administracions locals: què van "
    "fer, què van estalviar, què els va frenar i a qui preguntar.",
    "es": "Proyectos de transformación digital de administraciones locales: qué "
    "hicieron, qué ahorraron, qué los frenó y a quién preguntar.",
    "en": "Digital transformation projects of local administrations: what they did, "
    "what they saved, what held them back and whom to ask.",
}


def register_section(
    key: str, model: type[Page] | str, titles: Mapping[str, tuple[str, str]]
) -> None:
    """Add a section (an index page under every home page, in the main menu)
    after the others; ``model`` may be an "app_label.ModelName" label, and
    ``titles`` gives (title, slug) by language. Called from an app's
    ``AppConfig.ready()``, so that this module imports no app above it."""
    SECTIONS[key] = model
    TITLES[key] = dict(titles)


def _section_model(key: str) -> type[Page]:
    model = SECTIONS[key]
    return apps.get_model(model) if isinstance(model, str) else model


def content_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def _translate(page: Page, locale: Locale, key: str) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    title, slug = TITLES[key][locale.language_code]
    copy = page.copy_for_translation(locale, copy_parents=False)
    copy.title = copy.draft_title = title
    copy.slug = slug
    if hasattr(copy, "intro") and key == "home":
        copy.intro = INTROS[locale.language_code]
    copy.save_revision().publish()
    # A fresh instance: the copy cached site root paths from before it existed.
    return Page.objects.get(pk=copy.pk).specific


def _child_index(home: HomePage, model, key: str) -> Page:
    index = model.objects.child_of(home).first()
    if index is None:
        title, slug = TITLES[key][home.locale.language_code]
        index = model(title=title, slug=slug, locale=home.locale, show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


@transaction.atomic
def ensure_site_structure() -> dict[str, dict[str, Page]]:
    """Create what is missing; return the pages by kind and language."""
    default = Locale.get_default()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):  # a fresh database without our migration
        raise RuntimeError("The default site's root must be a HomePage.")
    pages: dict[str, dict[str, Page]] = {"home": {}, **{key: {} for key in SECTIONS}}
    pages["home"][default.language_code] = home
    for key in SECTIONS:
        pages[key][default.language_code] = _child_index(home, _section_model(key), key)
    for code in content_languages():
        if code == default.language_code:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        pages["home"][code] = _translate(home, locale, "home")
        for key in SECTIONS:
            pages[key][code] = _translate(
                pages[key][default.language_code], locale, key
            )
    # A new root translation is a new site root path (/es/, /en/).
    Site.clear_site_root_paths_cache()
    return pages


def project_index_for(language: str) -> ProjectIndexPage:
    return ensure_site_structure()["projects"][language]
