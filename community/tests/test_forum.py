"""The forum as members and visitors see it: categories, topics, replies, rules."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from community import moderation
from community.models import ForumCategory, Post, Status, Topic
from community.tests.comment_helpers import make_member
from core.honeypot import POST_FIELD as HONEYPOT_FIELD
from project_pages.factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalan():
    """URLs and texts in Catalan, whatever an earlier test left active."""
    with translation.override("ca"):
        yield


@pytest.fixture(autouse=True)
def rules(settings):
    settings.COMMUNITY = {
        **settings.COMMUNITY,
        "SECONDS_BETWEEN_POSTS": 0,
        "SECONDS_BETWEEN_POSTS_NEW_MEMBER": 0,
        "HOLD_FIRST_CONTRIBUTIONS": 0,
        "POSTS_PER_DAY": 1000,
        "POSTS_PER_DAY_PER_IP": 1000,
    }
    return settings.COMMUNITY


@pytest.fixture
def anna():
    return make_member("Anna Puig")


@pytest.fixture
def biel():
    return make_member("Biel Soler")


@pytest.fixture
def general():
    return ForumCategory.objects.get(slug="general")


def make_topic(category, author, title="Un tema", body="Text del tema", **fields):
    fields.setdefault("status", Status.VISIBLE)
    return Topic.objects.create(
        category=category, author=author, title=title, body=body, **fields
    )


def make_post(topic, author, body="Una resposta", **fields):
    fields.setdefault("status", Status.VISIBLE)
    return Post.objects.create(topic=topic, author=author, body=body, **fields)


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_lists_every_category_with_visible_counts(client, general, anna, biel):
    topic = make_topic(general, anna, title="Obert")
    make_post(topic, biel)
    make_post(topic, biel, status=Status.HELD)
    make_topic(general, anna, title="Retingut", status=Status.HELD)
    html = text(client.get(reverse("community:forum")))
    assert reverse("community:forum") == "/ca/comunitat/forum/"
    assert ForumCategory.objects.count() >= 2
    for category in ForumCategory.objects.all():
        assert category.name in html
    general_card = html[html.index(">General<") :][:600]
    assert "1 tema" in general_card and "1 resposta" in general_card


def test_member_creates_topic_and_replies(anna, biel, general, signed_in):
    client = signed_in(anna)
    response = client.post(
        reverse("community:forum_new_topic", args=["general"]),
        {"title": "Com feu la cita prèvia?", "body": "Expliqueu-nos **com**."},
    )
    topic = Topic.objects.get()
    assert response.url == reverse("community:forum_topic", args=[topic.pk])
    html = text(client.get(response.url))
    assert "Com feu la cita prèvia?" in html and "<strong>com</strong>" in html
    response = signed_in(biel).post(
        reverse("community:forum_reply", args=[topic.pk]), {"body": "Amb un formulari"}
    )
    post = Post.objects.get()
    assert response.url.endswith(f"#post-{post.pk}")
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert "Amb un formulari" in text(Client().get(topic_url(topic)))
    # Starting a topic or replying follows it: both hear of what comes next.
    from community.following import is_following

    assert is_following(anna.user_id, topic) and is_following(biel.user_id, topic)
    assert "Deixa de seguir" in text(signed_in(anna).get(topic_url(topic)))


def topic_url(topic, page=1):
    url = reverse("community:forum_topic", args=[topic.pk])
    return url + (f"?page={page}" if page > 1 else "")


def test_visitor_cannot_post(general, anna):
    topic = make_topic(general, anna)
    response = Client().post(
        reverse("community:forum_reply", args=[topic.pk]), {"body": "x"}
    )
    assert response.status_code == 302 and "login" in response.url
    assert not Post.objects.exists()


def test_pagination_keeps_order_and_permalink_finds_page(general, anna, biel):
    topic = make_topic(general, anna)
    start = timezone.now() - timedelta(hours=1)
    posts = [
        make_post(
            topic,
            biel,
            body=f"Resposta número {i:02d}",
            created_at=start + timedelta(minutes=i),
        )
        for i in range(25)
    ]
    first = text(Client().get(topic_url(topic)))
    second = text(Client().get(topic_url(topic, 2)))
    assert "Resposta número 00" in first and "Resposta número 19" in first
    assert "Resposta número 20" not in first
    assert second.index("Resposta número 20") < second.index("Resposta número 24")
    response = Client().get(reverse("community:forum_post", args=[posts[22].pk]))
    assert response.url == topic_url(topic, 2) + f"#post-{posts[22].pk}"
    assert (
        reverse("community:forum_post", args=[1]) == "/ca/comunitat/forum/respostes/1/"
    )


def test_locked_topic_refuses_replies(general, anna, biel, signed_in):
    topic = make_topic(general, anna, locked=True)
    client = signed_in(biel)
    html = text(client.get(topic_url(topic)))
    assert "no admet noves respostes" in html or "accepts no new replies" in html
    assert 'name="body"' not in html
    response = client.post(
        reverse("community:forum_reply", args=[topic.pk]), {"body": "Hola"}
    )
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_pinned_topics_come_first(general, anna):
    old = make_topic(
        general,
        anna,
        title="Fixat antic",
        pinned=True,
        last_activity_at=timezone.now() - timedelta(days=30),
    )
    make_topic(general, anna, title="Recent normal")
    html = text(Client().get(reverse("community:forum_category", args=["general"])))
    assert html.index(old.title) < html.index("Recent normal")


def test_category_paginates_twenty_topics(general, anna):
    now = timezone.now()
    for i in range(21):
        make_topic(
            general,
            anna,
            title=f"Tema {i:02d}",
            last_activity_at=now - timedelta(minutes=i),
        )
    url = reverse("community:forum_category", args=["general"])
    first, second = text(Client().get(url)), text(Client().get(url + "?page=2"))
    assert "Tema 00" in first and "Tema 20" not in first and "Tema 20" in second


def test_held_topic_is_seen_by_its_author_only(general, anna, biel, rules, signed_in):
    rules["HOLD_FIRST_CONTRIBUTIONS"] = 2
    signed_in(anna).post(
        reverse("community:forum_new_topic", args=["general"]),
        {"title": "Tema retingut", "body": "Pendent"},
    )
    topic = Topic.objects.get()
    assert topic.status == Status.HELD
    assert "Tema retingut" in text(signed_in(anna).get(topic_url(topic)))
    assert Client().get(topic_url(topic)).status_code == 404
    assert signed_in(biel).get(topic_url(topic)).status_code == 404
    listing = text(Client().get(reverse("community:forum_category", args=["general"])))
    assert "Tema retingut" not in listing
    home = text(Client().get(reverse("community:forum")))
    assert "0 temes" in home[home.index(">General<") :][:600]


def test_honeypot_and_banned_member_post_nothing(general, anna, biel, signed_in):
    topic = make_topic(general, anna)
    signed_in(biel).post(
        reverse("community:forum_reply", args=[topic.pk]),
        {"body": "spam", HONEYPOT_FIELD: "x"},
    )
    moderation.ban(biel, None)
    signed_in(biel).post(
        reverse("community:forum_reply", args=[topic.pk]), {"body": "hola"}
    )
    assert not Post.objects.exists()


def test_three_reports_hide_a_reply_and_counts_follow(general, anna, biel, signed_in):
    topic = make_topic(general, anna)
    post = make_post(topic, biel, body="Missatge ofensiu")
    for _ in range(3):
        reporter = make_member()
        signed_in(reporter).post(
            reverse("community:forum_post_report", args=[post.pk]), {"reason": "no"}
        )
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.status == Status.HIDDEN
    assert topic.reply_count == 0
    assert "Missatge ofensiu" not in text(Client().get(topic_url(topic)))
    moderation.approve(post, None)
    topic.refresh_from_db()
    assert topic.reply_count == 1


def test_member_cannot_edit_or_delete_anothers_reply(general, anna, biel, signed_in):
    topic = make_topic(general, anna)
    post = make_post(topic, anna, body="Original")
    client = signed_in(biel)
    assert (
        client.post(
            reverse("community:forum_post_edit", args=[post.pk]), {"body": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("community:forum_post_delete", args=[post.pk])).status_code
        == 403
    )
    post.refresh_from_db()
    assert post.body == "Original" and post.status == Status.VISIBLE
    own = signed_in(anna)
    own.post(reverse("community:forum_post_edit", args=[post.pk]), {"body": "Corregit"})
    own.post(reverse("community:forum_post_delete", args=[post.pk]))
    post.refresh_from_db()
    assert post.body == "Corregit" and post.status == Status.DELETED
    topic.refresh_from_db()
    assert topic.reply_count == 0


def test_every_form_needs_csrf(general, anna, biel, signed_in):
    topic = make_topic(general, biel)
    post = make_post(topic, anna)
    other = make_post(topic, biel)
    client = signed_in(anna, csrf=True)
    urls = [
        (
            reverse("community:forum_new_topic", args=["general"]),
            {"title": "t", "body": "b"},
        ),
        (reverse("community:forum_reply", args=[topic.pk]), {"body": "b"}),
        (reverse("community:forum_post_edit", args=[post.pk]), {"body": "b"}),
        (reverse("community:forum_post_delete", args=[post.pk]), {}),
        (reverse("community:forum_post_report", args=[other.pk]), {}),
        (reverse("community:forum_topic_report", args=[topic.pk]), {}),
    ]
    for url, data in urls:
        assert client.post(url, data).status_code == 403, url
    # The forms carry the token.
    html = text(client.get(topic_url(topic)))
    assert html.count("csrfmiddlewaretoken") >= 1
    assert Post.objects.count() == 2 and Topic.objects.count() == 1


def test_project_files_are_linked_and_list_their_topics(
    general, anna, project_index, signed_in
):
    linked = ProjectPageFactory(parent=project_index, title="Padró digital")
    in_text = ProjectPageFactory(parent=project_index, title="Cita prèvia")
    ProjectPageFactory(parent=project_index, title="Sense esment")
    client = signed_in(anna)
    data = {
        "title": "Experiències amb el padró",
        "body": f"Mireu també http://testserver{in_text.url} i digueu-hi.",
        "projects": f"http://testserver{linked.url}\nno-existeix",
    }
    url = reverse("community:forum_new_topic", args=["general"])
    # A name that is no published project file: the form comes back, nothing lost.
    refused = client.post(url, data)
    assert refused.status_code == 200 and not Topic.objects.exists()
    html = text(refused)
    assert "Experiències amb el padró" in html
    assert "«no-existeix» no és una adreça." in html
    data["projects"] = f"http://testserver{linked.url}"
    assert client.post(url, data).status_code == 302
    topic = Topic.objects.get()
    assert set(topic.projects.all()) == {linked.specific, in_text.specific}
    html = text(Client().get(topic_url(topic)))
    assert "Padró digital" in html and "Cita prèvia" in html
    page_html = text(Client().get(linked.url))
    assert "Experiències amb el padró" in page_html
    # Once hidden, the topic leaves the project file.
    moderation.hide(topic, None)
    assert "Experiències amb el padró" not in text(Client().get(linked.url))


def test_an_english_reader_is_sent_to_the_english_file(
    general, anna, project_index, site_pages
):
    """A topic links the Catalan file; the English page of the topic links its
    English translation (the Catalan one when there is none)."""
    translated = ProjectPageFactory(parent=project_index, title="Padró digital")
    english = translated.copy_for_translation(
        site_pages["home"]["en"].locale, copy_parents=False
    )
    english.title = "Digital register"
    english.save_revision().publish()
    only_catalan = ProjectPageFactory(parent=project_index, title="Cita prèvia")
    topic = make_topic(general, anna)
    topic.projects.add(translated, only_catalan)
    with translation.override("en"):
        url = reverse("community:forum_topic", args=[topic.pk])
    html = Client().get(url).content.decode()
    assert f'href="{english.url}"' in html and "Digital register" in html
    assert f'href="{only_catalan.url}"' in html
    assert f'href="{translated.url}"' not in html


def test_topic_with_100_replies_renders_with_constant_queries(
    general, anna, biel, signed_in
):
    small = make_topic(general, anna)
    make_post(small, biel)
    big = make_topic(general, anna)
    for i in range(100):
        make_post(big, biel if i % 2 else anna, body=f"Resposta {i}")
    client = signed_in(biel)
    client.get(topic_url(small))
    counts = []
    for topic in (small, big):
        with CaptureQueriesContext(connection) as queries:
            text(client.get(topic_url(topic, 5 if topic is big else 1)))
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12


def test_forum_search_page_handles_bad_input(general, anna):
    make_topic(general, anna, title="Tràmits en línia", body="Els tràmits electrònics")
    url = reverse("community:forum_search")
    assert "Tràmits" in text(Client().get(url, {"q": "tramit"}))
    for q in ["x" * 10_000, 'AND OR NOT " * ( ) ^ :', "tr\x00amit", "", "'"]:
        response = Client().get(url, {"q": q})
        assert response.status_code == 200, q
    assert re.search("cap paraula|no words", text(Client().get(url, {"q": "AND OR"})))


def test_posted_payloads_never_become_active_html_in_topics_and_replies(
    general, anna, signed_in
):
    """Every payload of the corpus posted through the forms as a topic (title and
    text) and as a reply: the pages show it inert (escaped title, sanitised text)."""
    from community.tests.test_rendering import problems
    from community.tests.xss_payloads import PAYLOADS

    client = signed_in(anna)
    new_topic = reverse("community:forum_new_topic", args=["general"])
    for payload in PAYLOADS:
        client.post(new_topic, {"title": payload[:200], "body": payload})
    topics = list(Topic.objects.all())
    # Refused only where the form says so: NUL characters, nothing left to show.
    assert len(topics) >= len(PAYLOADS) - 5
    host = topics[0]
    for payload in PAYLOADS:
        client.post(reverse("community:forum_reply", args=[host.pk]), {"body": payload})
    assert Post.objects.filter(topic=host).count() >= len(PAYLOADS) - 5
    checked = 0
    for viewer in (Client(), client):
        for topic in topics:
            pages = [topic_url(topic)]
            if topic == host:
                pages += [topic_url(host, n) for n in range(2, 8)]
            for url in pages:
                html = text(viewer.get(url))
                title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
                assert "<" not in title.replace("<span", "").replace("</span>", ""), (
                    title
                )
                for chunk in re.findall(
                    r'<div class="comment__text">(.*?)</div>', html, re.S
                ):
                    assert problems(chunk) == [], chunk
                    checked += 1
        listing = text(
            viewer.get(reverse("community:forum_category", args=["general"]))
        )
        for chunk in re.findall(r'class="forum-topic__title"[^>]*>(.*?)</a>', listing):
            assert "<" not in chunk, chunk
    assert checked >= 2 * (len(topics) + len(PAYLOADS) - 5)


def test_the_project_field_names_each_faulty_line(
    general, anna, project_index, signed_in
):
    """Not an address, another site's address, no published file at an address
    of this site: each line gets its own error, and nothing typed is lost."""
    linked = ProjectPageFactory(parent=project_index, title="Padró digital")
    client = signed_in(anna)
    url = reverse("community:forum_new_topic", args=["general"])
    form = text(client.get(url))
    assert "Adreces de fitxes de projecte d'aquest web, una per línia" in form
    assert f"(són com http://testserver{project_index.url}…/)" in form
    lines = [
        f"http://testserver{linked.url}",
        "not a url",
        "https://example.org/x",
        "/ca/projectes/no-hi-es/",
    ]
    data = {"title": "Padró", "body": "Com ho feu?", "projects": "\n".join(lines)}
    html = text(client.post(url, data))
    assert not Topic.objects.exists()
    errors = re.search(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    items = re.findall(r"<li>(.*?)</li>", errors.group(1), re.S)
    assert items == [
        "«not a url» no és una adreça. Enganxeu-hi l&#x27;adreça d&#x27;una fitxa "
        "de projecte d&#x27;aquest web (copieu-la de la pàgina de la fitxa), una per "
        "línia.",
        "«https://example.org/x» no és d&#x27;aquest web: només s&#x27;hi poden "
        "enllaçar fitxes de projecte d&#x27;aquest observatori.",
        "No hi ha cap fitxa de projecte publicada a /ca/projectes/no-hi-es/. "
        "Comproveu l&#x27;adreça (copieu-la de la pàgina de la fitxa) o traieu-la.",
    ]
    assert "not a url\nhttps://example.org/x" in html  # kept as typed
    # In English too.
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        en_url = reverse("community:forum_new_topic", args=["general"])
    html = text(client.post(en_url, data))
    assert "“not a url” is not an address." in html
    assert "“https://example.org/x” is not on this site" in html
    assert "No published project file at /ca/projectes/no-hi-es/." in html
    # Only good lines: published.
    data["projects"] = lines[0]
    assert client.post(url, data).status_code == 302
    assert list(Topic.objects.get().projects.all()) == [linked.specific]


def test_a_category_has_an_address_in_each_language(client):
    """An area's category is /ca/comunitat/forum/<label in Catalan>/ and
    /en/community/forum/<label in English>/; the address of another language
    (the switcher's, an old link) redirects to the reader's."""
    category = (
        ForumCategory.objects.filter(area__isnull=False, listed=True)
        .select_related("area")
        .first()
    )
    slugs = {}
    for language in ("ca", "es", "en"):
        with translation.override(language):
            slugs[language] = category.url_slug
            assert slugs[language] == slugify(category.area.label)
    assert len(set(slugs.values())) == 3
    with translation.override("en"):
        english = reverse("community:forum_category", args=[slugs["en"]])
        from_catalan = reverse("community:forum_category", args=[slugs["ca"]])
    assert english.startswith("/en/") and slugs["en"] in english
    response = client.get(english)
    assert response.status_code == 200
    assert category.area.label in text(response)
    moved = client.get(from_catalan + "?page=1")
    assert moved.status_code == 301
    assert moved["Location"] == english + "?page=1"
    # The home lists it at its address in the reader's language.
    with translation.override("en"):
        home = text(client.get(reverse("community:forum")))
    assert f'href="{english}"' in home
