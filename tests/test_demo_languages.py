"""The demo site in three languages, and a community that looks alive.

After ``load_demo_data`` every page of the Catalan tree has linked Spanish and
English translations whose words are really translated (no Catalan sentence
left in them), the caravan lists the same stops in every language, every page
says its language in ``<html lang>``, and the forum and comment threads have
members' posts in them.
"""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page

from community.models import Comment, Member, Post, Status, Topic
from project_pages.models import ProjectPage
from visits.models import StopPage

pytestmark = pytest.mark.django_db

# Enough for a rich file (number 11), files written in Spanish (3) and English (9).
COUNT = 12
LANGUAGES = ("es", "en")
# A sentence this long that is identical in two languages is an untranslated text
# (names of people, places and entities are shorter than this, or are not
# sentences: see ``sentences``).
SENTENCE = 40


def in_language(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo_data", "--no-progress", count=COUNT, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> str:
    """The demo site, loaded once for the module (it took a minute per test): in
    a transaction rolled back after the module's last test; each test runs in a
    savepoint inside it, so what one test writes the next never sees. Returns
    what the loader printed."""
    from django.core.cache import cache
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _in_a_savepoint(demo, db):
    """Each test in a savepoint of the module's transaction."""


def main_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main")
    assert main is not None
    return main


def _marked_as_other_language(node, language: str) -> bool:
    """Whether ``node`` is inside an element marked with another ``lang`` (a card
    of a project file shown in its own language, say)."""
    for parent in node.parents:
        marked = getattr(parent, "attrs", {}).get("lang")
        if marked:
            return marked != language
    return False


def sentences(main, language: str) -> set[str]:
    """The long runs of words of a page's main content that claim to be in the
    page's language: text that a reader reads (a proper name, a number or a URL
    alone is not one). Text marked with another ``lang`` is left out."""
    found = set()
    for node in main.find_all(string=True):
        text = re.sub(r"\s+", " ", node).strip()
        if len(text) < SENTENCE or len(text.split()) < 6:
            continue
        if not _marked_as_other_language(node, language):
            found.add(text)
    return found


def catalan_pages() -> list[Page]:
    return list(
        Page.objects.live()
        .filter(locale__language_code="ca", depth__gte=2)
        .specific()
        .order_by("path")
    )


def test_every_catalan_page_has_real_spanish_and_english_translations(client):
    pages = catalan_pages()
    kinds = {type(page).__name__ for page in pages}
    assert {
        "HomePage",
        "ProjectIndexPage",
        "ProjectPage",
        "ArticleIndexPage",
        "ArticlePage",
        "StandardPage",
        "CaravanIndexPage",
        "KitPage",
        "StopPage",
    } <= kinds
    problems = []
    for page in pages:
        source = main_of(client.get(page.url))
        source_text = source.get_text(" ", strip=True)
        source_sentences = sentences(source, "ca")
        for language in LANGUAGES:
            locale = Locale.objects.get(language_code=language)
            translation = page.get_translation_or_none(locale)
            if translation is None or not translation.live:
                problems.append(f"{page.url}: no live {language} translation")
                continue
            assert translation.url.startswith(f"/{language}/"), translation.url
            other = main_of(client.get(translation.url))
            if other.get_text(" ", strip=True) == source_text:
                problems.append(f"{translation.url}: same text as {page.url}")
            left = source_sentences & sentences(other, language)
            if left:
                problems.append(f"{translation.url}: Catalan left: {sorted(left)}")
    assert not problems, "\n".join(problems)


def test_files_written_in_spanish_or_english_have_no_catalan_blocks(client):
    """The tester's English Perpignan file: barriers, benefits, methodology,
    objectives, milestones and tags in Catalan."""
    catalan = {
        text
        for page in ProjectPage.objects.filter(locale__language_code="ca")
        for text in sentences(main_of(client.get(page.url)), "ca")
    }
    originals = ProjectPage.objects.exclude(locale__language_code="ca").exclude(
        translation_key__in=ProjectPage.objects.filter(
            locale__language_code="ca"
        ).values("translation_key")
    )
    assert {page.locale.language_code for page in originals} == {"es", "en"}
    for page in originals:
        main = main_of(client.get(page.url))
        assert not (sentences(main, page.locale.language_code) & catalan), page.url
        tags = {tag.name for tag in page.tags.all()}
        assert tags and not (tags & {"padró", "intel·ligència artificial"}), tags
    english = originals.filter(locale__language_code="en").first()
    text = main_of(client.get(english.url)).get_text(" ", strip=True)
    for heading in ("Barriers and how they were overcome", "Methodology"):
        assert heading in text
    assert "Com es va superar" not in text


def test_caravan_lists_the_same_stops_in_every_language(client):
    from visits.models import CaravanIndexPage

    visit_of = {stop.url: stop.translation_key for stop in StopPage.objects.live()}
    found = {}
    for language in ("ca", "es", "en"):
        caravan = CaravanIndexPage.objects.get(locale__language_code=language)
        assert caravan.url == {"en": "/en/caravan/"}.get(
            language, f"/{language}/caravana/"
        )
        main = main_of(client.get(caravan.url))
        assert caravan.intro and caravan.intro in main.get_text()
        kit = main.select_one(".caravan-actions a.button--secondary")
        assert kit is not None, caravan.url
        assert kit["href"].startswith(caravan.url)
        assert client.get(kit["href"]).status_code == 200
        found[language] = {}
        for section in ("upcoming", "past"):
            listed = main.find(attrs={"aria-labelledby": f"{section}-title"})
            links = [a["href"] for a in listed.select(".stop-list a")]
            found[language][section] = sorted(
                str(visit_of[href]) for href in links if href in visit_of
            )
            assert all(href.startswith(f"/{language}/") for href in links)
    assert len(found["ca"]["upcoming"]) == 2
    assert len(found["ca"]["past"]) == 1
    assert found["es"] == found["ca"]
    assert found["en"] == found["ca"]


def test_a_visit_keeps_one_list_of_places_in_every_language(client, signed_in):
    from visits.registrations import register, state_for

    stop = StopPage.objects.live().filter(locale__language_code="ca").last()
    english = stop.get_translation(Locale.objects.get(language_code="en"))
    member = Member.objects.first()
    register(english.specific, member)
    assert state_for(stop, member.user)["registration"] is not None
    assert state_for(stop, None)["places_left"] == stop.capacity - 1
    ics = client.get("/calendar/stops.ics").content.decode()
    assert (
        ics.count("BEGIN:VEVENT")
        == StopPage.objects.filter(locale__language_code="ca").count()
    )


def test_html_lang_is_the_language_of_every_page(client):
    urls = {}
    for page in Page.objects.live().filter(depth__gte=2).specific():
        urls.setdefault((type(page).__name__, page.locale.language_code), page.url)
    for language in ("ca", "es", "en"):
        for kind in ("HomePage", "ProjectPage", "ArticlePage", "StopPage", "KitPage"):
            assert (kind, language) in urls, (kind, language)
    topic = Topic.objects.filter(category__listed=True).first()
    for language in ("ca", "es", "en"):
        urls[("forum", language)] = in_language(language, "community:forum")
        urls[("topic", language)] = in_language(
            language, "community:forum_topic", topic.pk
        )
        urls[("search", language)] = in_language(language, "search_page") + "?q=dades"
    for (kind, language), url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = BeautifulSoup(response.content, "html.parser").find("html")
        assert html["lang"] == language, (kind, url, html["lang"])


def test_the_community_looks_alive_in_every_language(client, demo):
    output = demo
    assert "members" in output
    assert Member.objects.count() >= 6
    # The forum's own topics (the groups' discussions are on the groups' pages).
    topics = Topic.objects.visible().filter(category__listed=True)
    assert topics.count() >= 6
    assert topics.values("category").distinct().count() >= 3
    assert all(topic.reply_count >= 2 for topic in topics)
    assert not Post.objects.exclude(status=Status.VISIBLE).exists()
    for language in ("ca", "es", "en"):
        url = in_language(language, "community:forum")
        text = main_of(client.get(url)).get_text(" ", strip=True)
        counts = [
            int(n)
            for n in re.findall(r"(\d+)\s+(?:temes|tema|temas|topics|topic)\b", text)
        ]
        replies = re.findall(
            r"(\d+)\s+(?:respostes|resposta|respuestas|respuesta|replies|reply)\b", text
        )
        assert sum(counts) == topics.count(), (url, text[:300])
        assert sum(int(n) for n in replies) >= 2 * topics.count()
    # A category lists its topics, a topic shows its replies.
    topic = topics.filter(title__startswith="Padró en línia").get()
    with translation.override("en"):
        english_slug = topic.category.url_slug
    category = client.get(in_language("en", "community:forum_category", english_slug))
    assert topic.title in category.content.decode()
    page = client.get(in_language("ca", "community:forum_topic", topic.pk))
    for post in topic.posts.all():
        assert post.body.split("\n")[0][:40] in page.content.decode()

    # Comment threads, with replies, on project files in each language.
    for language in ("ca", "es", "en"):
        commented = ProjectPage.objects.filter(
            locale__language_code=language,
            pk__in=Comment.objects.visible().values("page"),
        )
        assert commented.exists(), language
        page = commented.first()
        html = main_of(client.get(page.url)).get_text(" ", strip=True)
        comments = Comment.objects.filter(page=page)
        assert comments.filter(parent__isnull=False).exists()
        for comment in comments:
            assert comment.body[:40] in html, (page.url, comment.body[:40])
            assert comment.author.display_name in html

    # A second run adds nothing.
    before = (Member.objects.count(), Topic.objects.count(), Comment.objects.count())
    load_demo()
    after = (Member.objects.count(), Topic.objects.count(), Comment.objects.count())
    assert after == before
