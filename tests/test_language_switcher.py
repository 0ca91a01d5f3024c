"""The language switcher keeps the visitor where they are.

On a page: the same page in the other language (its linked translation). On any
other view: the same view under the other language's prefix, with its query
string. A page not translated into a language says so in that language and
leads to its nearest translated ancestor, never silently to the home page.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from community.factories import PostFactory, TopicFactory
from community.models import ForumCategory
from core.language_switcher import language_options
from machine_translation.tests.test_apertium import needs_apertium
from project_pages.factories import ProjectPageFactory

pytestmark = pytest.mark.django_db

OTHERS = ("es", "en")


def switcher(response) -> dict[str, dict]:
    """The switcher's entries by language: href, text, title, status."""
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    links = soup.select("nav.language-switcher a")
    assert len(links) == 3
    return {
        link["hreflang"]: {
            "href": link["href"],
            "text": link.get_text(strip=True),
            "title": link.get("title", ""),
            "status": link["data-status"],
            "current": link.get("aria-current") == "page",
        }
        for link in links
    }


def url_in(language: str, name: str, *args, query: str = "") -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


def translate(page, language: str, title: str):
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    copy.title = copy.draft_title = title
    copy.save_revision().publish()
    return copy


@pytest.fixture
def translated_project(project_index):
    page = ProjectPageFactory(parent=project_index, title="Cita prèvia en línia")
    return {
        "ca": page,
        "es": translate(page, "es", "Cita previa en línea"),
        "en": translate(page, "en", "Online appointments"),
    }


def test_on_a_page_each_language_leads_to_its_translation(
    client, site_pages, translated_project
):
    pages = {
        "home": site_pages["home"],
        "projects": site_pages["projects"],
        "articles": site_pages["articles"],
        "caravan": site_pages["caravan"],
        "project file": translated_project,
    }
    for kind, versions in pages.items():
        for current in ("ca", "es", "en"):
            links = switcher(client.get(versions[current].url))
            assert links[current]["current"] and links[current]["status"] == "same"
            for language in ("ca", "es", "en"):
                assert links[language]["href"] == versions[language].url, (
                    kind,
                    current,
                    language,
                )
                if language != current:
                    assert links[language]["status"] == "translated"
                    assert "—" not in links[language]["text"]


@pytest.fixture
def no_machine_translation(settings):
    """Where no machine translation is offered (turned off, or Apertium missing),
    an untranslated project file leads to its section."""
    settings.MACHINE_TRANSLATION = {**settings.MACHINE_TRANSLATION, "ENABLED": False}


def test_an_untranslated_page_says_so_and_leads_to_its_section(
    client, project_index, site_pages, no_machine_translation
):
    page = ProjectPageFactory(parent=project_index, title="Només en català")
    links = switcher(client.get(page.url))
    assert links["ca"]["href"] == page.url
    for language, label, section in (
        ("es", "Español — no traducida", "Proyectos"),
        ("en", "English — not translated", "Projects"),
    ):
        entry = links[language]
        assert entry["status"] == "untranslated"
        assert entry["text"] == label
        assert entry["href"] == site_pages["projects"][language].url
        assert f"“{section}”" in entry["title"]


def test_a_page_whose_section_is_not_translated_either_leads_home(
    client, project_index, site_pages, no_machine_translation
):
    english = site_pages["projects"]["en"]
    english.unpublish()
    page = ProjectPageFactory(parent=project_index, title="Només en català")
    entry = switcher(client.get(page.url))["en"]
    assert entry["status"] == "untranslated"
    assert entry["href"] == site_pages["home"]["en"].url
    assert "Observatory of local digital transformation" in entry["title"]


def machine_url(page, language: str) -> str:
    return url_in(language, "machine_translation:project_page", page.pk)


@needs_apertium
def test_an_untranslated_project_file_offers_its_machine_translation(
    client, project_index
):
    page = ProjectPageFactory(parent=project_index, title="Només en català")
    spanish = translate(page, "es", "Solo en castellano")
    links = switcher(client.get(page.url))
    assert links["es"]["status"] == "translated"
    assert links["es"]["href"] == spanish.url
    english = links["en"]
    assert english["status"] == "machine"
    assert english["text"] == "English — machine translation"
    assert english["href"] == machine_url(page, "en")
    assert "machine translation" in english["title"]
    # From the Spanish version: the page being read, machine-translated. The
    # offer is said in Catalan on an English-only file.
    from_spanish = switcher(client.get(spanish.url))["en"]
    assert from_spanish["href"] == machine_url(spanish, "en")
    english_only = ProjectPageFactory(
        parent=page.get_parent().get_translation(
            Locale.objects.get(language_code="en")
        ),
        title="Only in English",
    )
    catalan = switcher(client.get(english_only.url))["ca"]
    assert catalan["status"] == "machine"
    assert catalan["text"] == "Català — traducció automàtica"
    assert catalan["href"] == machine_url(english_only, "ca")
    assert "traducció automàtica" in catalan["title"]


@needs_apertium
def test_on_a_machine_translation_the_switcher_says_which_language_it_is(
    client, project_index
):
    page = ProjectPageFactory(parent=project_index, title="Només en català")
    links = switcher(client.get(machine_url(page, "en")))
    assert links["en"]["current"] and links["en"]["status"] == "machine"
    assert links["en"]["text"] == "English — machine translation"
    assert links["en"]["href"] == machine_url(page, "en")
    assert links["ca"]["status"] == "translated"
    assert links["ca"]["href"] == page.url
    assert links["es"]["status"] == "machine"
    assert links["es"]["text"] == "Español — traducción automática"
    assert links["es"]["href"] == machine_url(page, "es")
    assert client.get(links["es"]["href"]).status_code == 200


def test_a_private_project_file_offers_no_machine_translation(
    client, django_user_model, project_index
):
    from wagtail.models import PageViewRestriction

    page = ProjectPageFactory(parent=project_index, title="Només per a membres")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    user = django_user_model.objects.create_user("reader", password="x")  # noqa: S106
    client.force_login(user)
    links = switcher(client.get(page.url))
    assert links["en"]["status"] == "untranslated"
    assert links["es"]["status"] == "untranslated"


@pytest.fixture
def forum(make_member):
    member = make_member("Marta Soler")
    category = ForumCategory.objects.get(slug="general")
    topic = TopicFactory(category=category, author=member, title="Padró en línia")
    PostFactory(topic=topic, author=member)
    return {"member": member, "category": category, "topic": topic}


def views(forum) -> list[tuple[str, tuple, str, bool]]:
    """(URL name, arguments, query string, signed in) of views that are not pages."""
    topic, category, member = forum["topic"], forum["category"], forum["member"]
    return [
        ("community:forum", (), "", False),
        ("community:forum_category", (category.slug,), "page=1", False),
        ("community:forum_topic", (topic.pk,), "", False),
        ("community:forum_search", (), "q=padr%C3%B3&category=general", False),
        ("community:forum_new_topic", (category.slug,), "", True),
        ("community:member_profile", (member.pk,), "", False),
        ("community:profile_edit", (), "", True),
        ("community:following", (), "", True),
        ("account_signup", (), "", False),
        ("account_login", (), "next=%2Fca%2Fcomunitat%2Fforum%2F", False),
        ("search_page", (), "q=cita+pr%C3%A8via&phase=pilot", False),
        ("map_page", (), "q=dades", False),
        ("visits:request", (), "", False),
        ("figures", (), "", False),
        ("opendata_page", (), "", False),
    ]


def test_on_other_views_each_language_leads_to_the_same_view(
    client, signed_in, site_pages, forum
):
    member_client = signed_in(forum["member"])
    for name, args, query, needs_member in views(forum):
        browser = member_client if needs_member else client
        url = url_in("ca", name, *args, query=query)
        links = switcher(browser.get(url))
        assert links["ca"]["current"], name
        for language in OTHERS:
            expected = url_in(language, name, *args, query=query)
            assert links[language]["href"] == expected, (name, language)
            assert links[language]["status"] == "translated", name
            # The link works: the same view answers in that language.
            assert browser.get(expected).status_code == 200, expected


def test_entries_have_a_status_for_the_machine_translation_offer_to_grow(
    rf, site_pages
):
    """The one place that decides: a list of entries with url, label, status."""
    request = rf.get("/ca/")
    with translation.override("ca"):
        entries = language_options(request, page=site_pages["home"]["ca"])
    assert [entry["code"] for entry in entries] == ["ca", "es", "en"]
    assert {entry["status"] for entry in entries} == {"same", "translated"}
    assert all({"url", "label", "status", "notice"} <= set(entry) for entry in entries)
