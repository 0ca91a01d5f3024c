"""The admin speaks one language at a time: English, Catalan or Spanish.

Renders our admin views (listings, forms, choosers, the page editor) on the demo
data in each language and looks at every visible text and label: a text that is
a translation into another of our languages, or (in Catalan and Spanish) an
English message that has a translation but was shown untranslated, is reported
with the view it was found on. Message catalogues are Django's own (ours and every
installed app's), so a string Wagtail translates at import time, or one we forgot
to translate, shows up here.
"""

import contextlib
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.translation import trans_real
from wagtail.admin.viewsets import viewsets
from wagtail.models import Page

from project_pages.models import ProjectIndexPage, ProjectPage
from tests.test_admin_listings import OUR_APPS

LANGUAGES = ("en", "ca", "es")
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Texts(HTMLParser):
    """Visible text nodes and the human-readable attributes of a page (not what
    sits in a script, a style, a template or a hidden element)."""

    SKIP = {"script", "style", "template", "svg"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, skips its content)

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if not self._skipping() and "hidden" not in attributes:
            for name in ATTRIBUTES:
                if attributes.get(name):
                    self.texts.append(attributes[name])
        if tag not in self.VOID:
            self._open.append((tag, tag in self.SKIP or "hidden" in attributes))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.texts.append(data)


def texts_of(html: str) -> set[str]:
    parser = _Texts()
    parser.feed(html)
    return {" ".join(t.split()) for t in parser.texts if t.strip()}


def _messages(language: str) -> dict[str, str]:
    """Message id → translation, over every catalogue Django merges for the
    language (plural forms by their singular)."""
    catalog = trans_real.translation(language)._catalog
    messages = {}
    for key, value in catalog.items():
        if isinstance(key, tuple):  # (msgid, plural index)
            if key[1] != 0:
                continue
            key = key[0]
        if "\x04" in key:  # context
            key = key.split("\x04", 1)[1]
        if key and value and "%" not in key and "{" not in key:
            messages[key] = value
    return messages


def _content_texts() -> set[str]:
    """What editors wrote or named, shown as it is in any language: page titles
    (the explorer lists every language's pages), site names, and the languages'
    own names in the locale switcher."""
    from django.conf import settings
    from wagtail.models import Site

    texts = set(Page.objects.values_list("title", flat=True))
    texts |= set(Page.objects.values_list("draft_title", flat=True))
    texts |= set(Site.objects.values_list("site_name", flat=True))
    texts |= {str(name) for _code, name in settings.LANGUAGES}
    texts |= {"Català", "Español", "English"}
    return texts


def _worth_checking(text: str) -> bool:
    """Long enough, and made of words (not a number, a code or punctuation)."""
    return len(text) >= 4 and bool(re.search(r"[^\W\d_]{3}", text))


@pytest.fixture(scope="module")
def foreign_texts():
    """For each language, the texts that belong to another one."""
    catalogs = {language: _messages(language) for language in ("ca", "es")}
    english = {m.casefold() for m in set(catalogs["ca"]) | set(catalogs["es"])}
    own = {
        "en": set(catalogs["ca"]) | set(catalogs["es"]),
        "ca": set(catalogs["ca"].values()),
        "es": set(catalogs["es"].values()),
    }
    foreign = {}
    for language in LANGUAGES:
        texts = {}
        for other, messages in catalogs.items():
            if other == language:
                continue
            for text in messages.values():
                if (
                    text not in own[language]
                    and text.casefold() not in english  # "Slug" for "slug"
                    and _worth_checking(text)
                ):
                    texts[text] = f"{other} translation"
        if language != "en":
            for message, translation in catalogs[language].items():
                if (
                    translation != message
                    and message not in own[language]
                    and _worth_checking(message)
                ):
                    texts[message] = "English, untranslated"
        foreign[language] = texts
    return foreign


def _admin_urls() -> list[str]:
    """Listing, creation and editing views of our viewsets (on the demo data),
    and the page editor and choosers an editor opens."""
    assert get_resolver().url_patterns  # reading them registers the viewsets
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=(ProjectPage.objects.first().pk,)),
        reverse(
            "wagtailadmin_pages:add",
            args=("project_pages", "projectpage", ProjectIndexPage.objects.first().pk),
        ),
        reverse("wagtailadmin_explore", args=(ProjectIndexPage.objects.first().pk,)),
        reverse("wagtailadmin_explore", args=(Page.get_first_root_node().pk,)),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
    ]
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if not hasattr(model, "_meta") or model._meta.app_label not in OUR_APPS:
            continue
        for view in ("list", "index", "choose", "add", "create"):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(viewset.get_url_name(view)))
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            for view in ("edit", "inspect"):
                with contextlib.suppress(NoReverseMatch):
                    urls.append(
                        reverse(viewset.get_url_name(view), args=(instance.pk,))
                    )
    return list(dict.fromkeys(urls))


@pytest.mark.django_db
def test_each_admin_view_speaks_one_language(admin_client, foreign_texts):
    call_command("load_demo_data", "--no-progress", count=12, stdout=io.StringIO())
    urls = _admin_urls()
    assert len(urls) > 25
    content = _content_texts()
    problems = []
    for language in LANGUAGES:
        admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        for url in urls:
            response = admin_client.get(url)
            if response.status_code == 302:  # a view the viewset does not offer
                continue
            assert response.status_code == 200, (language, url)
            html = response.content.decode()
            if response.headers["Content-Type"].startswith("application/json"):
                html = response.json().get("html", "")
            for text in sorted(texts_of(html)):
                why = foreign_texts[language].get(text)
                if why and text not in content:
                    problems.append(f"{language} {url}: {text!r} ({why})")
    assert not problems, "\n".join(problems)
