"""A project file read in the visitor's language: its machine translation.

A project file with no human translation in a language is offered in that
language as a machine translation (the language switcher, search result cards,
similar projects): the same page, in the visitor's interface language, its prose
translated with ``service.translate`` (the fields and block keys of pages.py) on
an in-memory copy that is never saved. Entity names, places, tags and technology
names stay as written; the template marks them with the original's ``lang``.

One URL per page and language, under the language's prefix
(``/en/machine-translation/<page id>/``, ``/ca/traduccio-automatica/<page id>/``):
shareable, and cached like any page. Search engines never index it: ``noindex``,
the canonical URL is the original's, no hreflang cluster, not in the sitemap.

Cached per tree version (core/caching.py): the translations of the page's texts
here, the body as a ``{% cache %}`` fragment, the whole response in the anonymous
page cache. Editing and publishing the original replaces the tree version: the
next reader gets the new texts translated (those that did not change come from
the kept translations, not from Apertium). When Apertium cannot translate now,
the page shows the original texts under a notice, and none of it is cached.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from core.caching import tree_cache_get, tree_cache_set, tree_cached
from machine_translation import service
from machine_translation.apertium import mode_file
from machine_translation.pages import apply_translations, texts_of
from project_pages.models import ProjectPage

# Said at the top of the page, in the reader's language; one sentence per source
# language, as each language's grammar wants it ("del català", "de l'anglès").
FROM_LANGUAGE = {
    "ca": _("Machine translation from Catalan"),
    "es": _("Machine translation from Spanish"),
    "en": _("Machine translation from English"),
}


@dataclass(frozen=True)
class Reading:
    """What the template says about the machine translation it shows."""

    source: str
    target: str
    original_url: str
    # False: Apertium could not translate now; the texts are the original's.
    complete: bool

    @property
    def label(self) -> str:
        return str(FROM_LANGUAGE[self.source])

    @property
    def cache_key(self) -> str:
        """Told apart from the original's fragments and from an incomplete one."""
        return f"mt-{self.source}-{self.target}-{int(self.complete)}"


def language_of(page: Page) -> str:
    """The language code of a page's locale, without a query once cached."""
    codes = tree_cached(
        "locale-codes", lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )
    return codes.get(page.locale_id, "")


def offered(source: str, target: str) -> bool:
    """Whether pages in ``source`` are offered machine-translated into ``target``
    here: translation is on and Apertium has the pair."""
    pair = f"{source}-{target}"
    if source == target or pair not in service.PAIRS or not service.enabled():
        return False
    return mode_file(pair, service._options()["APERTIUM_MODES_DIR"]).is_file()


def url(page_id: int, target: str) -> str:
    """The machine translation of page ``page_id`` into ``target``."""
    with translation.override(target):
        return reverse("machine_translation:project_page", args=(page_id,))


def offer_url(page_id: int, source: str, target: str) -> str | None:
    """For a card of a public project file in ``source`` (a search hit): the URL of
    its machine translation into ``target``, or None when none is offered."""
    return url(page_id, target) if offered(source, target) else None


def switcher_url(page: Page, target: str) -> str | None:
    """The language switcher's offer (core/language_switcher.py): a live, public
    project file, in a language the engine translates from into ``target``."""
    if not isinstance(page, ProjectPage) or not page.pk or not page.live:
        return None
    if not offered(language_of(page), target):
        return None
    # A routed page knows its restrictions (project_pages/routing.py): no query.
    if list(page.get_view_restrictions()):
        return None
    return url(page.pk, target)


def translated_copy(page: ProjectPage, target: str) -> tuple[ProjectPage, bool]:
    """``page`` with its texts machine-translated into ``target`` (in memory, never
    saved), and whether every text was translated. When one is missing (Apertium
    down or too slow) the page keeps all its original texts: a page half in one
    language and half in another would say neither."""
    source = language_of(page)
    key = f"machine-translation:{page.pk}:{target}"
    found = tree_cache_get(key)
    complete = found is not None
    if found is None:
        texts = texts_of(page)
        found = service.translate(texts, source, target)
        complete = all(text in found for text in texts)
        if complete:
            tree_cache_set(key, found)
    if complete:
        apply_translations(page, found)
    # What the original says for search engines and link previews is not the
    # translation's: the translated title and summary stand in.
    page.seo_title = page.search_description = ""
    page.save = page.save_revision = _never_saved
    return page, complete


def _never_saved(*_args, **_kwargs):
    raise RuntimeError("A machine-translated copy of a page is never saved.")
