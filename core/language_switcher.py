"""Where each entry of the language switcher leads, decided in one place.

The switcher keeps the visitor where they are: on a Wagtail page, the live
translation of that page; on any other view (forum, topic, sign-up, profile,
search with its query string...), the same URL under the other language's prefix
(``translate_url``, which translates the path segments and keeps the query). A
page with no live translation in a language gets an entry that says so, in that
language, and leads to the nearest ancestor that has one (the section, at worst
the home page), never silently to the home page.

Each entry has a ``status``: ``same`` (the language being read), ``translated``
(the same page or view in that language), ``machine`` (no version in that
language, but its machine translation: a project file, see
machine_translation/reading.py, which registers the offer here at start-up with
``offer_machine_translations``; core knows no page type) or ``untranslated``.
The template and the hreflang links (seo) read this one list; only ``same`` and
``translated`` are versions a search engine may know.

Cost: a page's translations are one query, and the nearest translated ancestors
one more only when a translation is missing; both cached per tree version.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext, pgettext
from wagtail.models import Page

from .caching import tree_cached

SAME = "same"
TRANSLATED = "translated"
MACHINE = "machine"
UNTRANSLATED = "untranslated"

# ``url_for(page, language_code)``: the URL of the page's machine translation into
# that language, or None when none is offered. Registered by a higher layer.
MachineTranslationUrl = Callable[[Page, str], "str | None"]
_machine_translation_url: MachineTranslationUrl | None = None


def offer_machine_translations(url_for: MachineTranslationUrl | None) -> None:
    """Let the switcher offer machine translations: a language a page has no
    live translation in leads to ``url_for(page, code)`` when that is not None,
    instead of the nearest translated ancestor."""
    global _machine_translation_url
    _machine_translation_url = url_for


def home_url(language_code: str) -> str:
    """The URL of a language's home page (/ca/, /es/, /en/), without a query."""
    try:
        with translation.override(language_code):
            return reverse("wagtail_serve", args=("",))
    except NoReverseMatch:
        return "/"


def site_key(request) -> str:
    """The host asked for: one site per host, and known without a query (whether
    Wagtail had already looked the site up in this request must not change the
    key, or the same page would miss the cache depending on what ran first)."""
    if request is None:
        return "-"
    try:
        return request.get_host().lower()
    except Exception:  # noqa: BLE001 - DisallowedHost: no site to name
        return "-"


def page_translation_urls(page: Page, request) -> dict[str, str]:
    """URLs of the page's live translations by language (the page included)."""

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
        f"translations:{page.translation_key}:{site_key(request)}", compute
    )


def nearest_translated_ancestors(
    page: Page, languages: list[str], request
) -> dict[str, tuple[str, str]]:
    """(url, title) of the deepest ancestor of ``page`` with a live translation,
    by language: where a visitor lands when the page itself is not translated."""

    def compute() -> dict[str, tuple[str, str]]:
        steps = Page.steplen
        ancestor_paths = [
            page.path[:end] for end in range(steps, len(page.path), steps)
        ]
        keys = Page.objects.filter(path__in=ancestor_paths).values("translation_key")
        found: dict[str, tuple[int, str, str]] = {}
        for other in (
            Page.objects.live()
            .filter(translation_key__in=keys, locale__language_code__in=languages)
            .select_related("locale")
            .order_by("depth")
        ):
            url = other.get_url(request)
            if url:  # deeper ones come last and win
                found[other.locale.language_code] = (other.depth, url, other.title)
        return {code: (url, title) for code, (_d, url, title) in found.items()}

    key = f"ancestors:{page.pk}:{','.join(sorted(languages))}:{site_key(request)}"
    return tree_cached(key, compute)


def _serves_page(request, page) -> bool:
    """Whether the response is the page itself (not a view that shows a page,
    such as the contact form of a project file)."""
    if not isinstance(page, Page) or not page.pk:
        return False
    if getattr(request, "is_preview", False):
        return True
    match = getattr(request, "resolver_match", None)
    return match is None or match.url_name == "wagtail_serve"


def _view_url(request, code: str) -> str | None:
    """The current view under another language's prefix, query string kept;
    None when the path is not one of ours (a 404)."""
    full_path = request.get_full_path()
    try:
        resolve(request.path_info)
    except Resolver404:
        return None
    url = translate_url(full_path, code)
    current = translation.get_language() or settings.LANGUAGE_CODE
    if url == full_path and code != current:
        return None
    return url


def _entry(code: str, name: str, url: str, status: str, current: str) -> dict:
    return {
        "code": code,
        "name": name,
        "url": url,
        "status": status,
        "label": name,
        "notice": "",
        "is_current": code == current,
        # Kept for the hreflang links (seo): a real version in that language.
        "is_translation": status in (SAME, TRANSLATED),
    }


def _untranslated(entry: dict, target_title: str | None) -> dict:
    """The entry of a language the page is not translated into, written in that
    language (the reader of that language is the one who needs the notice)."""
    with translation.override(entry["code"]):
        entry["label"] = "{} — {}".format(
            entry["name"], pgettext("language switcher", "not translated")
        )
        if target_title:
            entry["notice"] = gettext(
                "This page has no version in this language yet. The link goes "
                "to “%(title)s”."
            ) % {"title": target_title}
        else:
            entry["notice"] = gettext(
                "This page has no version in this language yet. The link goes "
                "to the home page."
            )
    entry["status"] = UNTRANSLATED
    entry["is_translation"] = False
    return entry


def _machine(entry: dict, url: str) -> dict:
    """The entry of a language the page is offered in as a machine translation,
    written in that language."""
    with translation.override(entry["code"]):
        entry["label"] = "{} — {}".format(
            entry["name"], pgettext("language switcher", "machine translation")
        )
        entry["notice"] = gettext(
            "This page has no version in this language yet. The link goes to its "
            "machine translation."
        )
    entry["url"] = url
    entry["status"] = MACHINE
    entry["is_translation"] = False
    return entry


def _machine_translation_urls(page, codes: list[str]) -> dict[str, str]:
    if _machine_translation_url is None or page is None:
        return {}
    urls = {}
    for code in codes:
        url = _machine_translation_url(page, code)
        if url:
            urls[code] = url
    return urls


def language_options(
    request,
    page: Page | None = None,
    translation_urls: dict | None = None,
    machine_translation: bool = False,
) -> list[dict]:
    """One entry per site language (settings.LANGUAGES, names in their own
    language): ``code``, ``name``, ``url``, ``status``, ``label`` (what the
    link says), ``notice`` (its title: why it leads elsewhere), ``is_current``.

    ``translation_urls`` lets a view give its own URL per language (e.g. with
    some parameters dropped); otherwise the page's translations or the view's
    URL under each prefix are used. ``machine_translation``: the view shows
    ``page`` machine-translated into the current language (its entry says so).
    """
    current = translation.get_language() or settings.LANGUAGE_CODE
    on_page = request is not None and (
        (machine_translation and isinstance(page, Page) and bool(page.pk))
        or _serves_page(request, page)
    )
    urls: dict[str, str] = {}
    if on_page:
        urls = page_translation_urls(page, request)
    elif translation_urls:
        urls = dict(translation_urls)
    elif request is not None:
        for code, _name in settings.LANGUAGES:
            url = _view_url(request, code)
            if url is not None:
                urls[code] = url
    entries = []
    missing = []
    for code, name in settings.LANGUAGES:
        if code in urls:
            status = SAME if code == current else TRANSLATED
            entries.append(_entry(code, name, urls[code], status, current))
        elif code == current and request is not None:  # e.g. a 404: stay here
            url = request.get_full_path()
            entries.append(_entry(code, name, url, SAME, current))
        else:
            entries.append(_entry(code, name, home_url(code), UNTRANSLATED, current))
            missing.append(code)
    machine = _machine_translation_urls(page, missing) if on_page else {}
    if on_page and machine_translation and request is not None:
        machine[current] = request.get_full_path()
        missing.append(current)
    unoffered = [code for code in missing if code not in machine]
    ancestors = (
        nearest_translated_ancestors(page, unoffered, request)
        if on_page and unoffered
        else {}
    )
    for entry in entries:
        if entry["code"] not in missing:
            continue
        if entry["code"] in machine:
            _machine(entry, machine[entry["code"]])
            continue
        url, title = ancestors.get(entry["code"], (None, None))
        if url:
            entry["url"] = url
        _untranslated(entry, title)
    return entries
