"""Comment threads on project files and articles, as members and visitors see them."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import threads
from community.models import MAX_COMMENT_DEPTH, Comment, ModerationAction, Status
from community.tests.comment_helpers import ago, make_comment, make_member
from community.tests.test_rendering import problems
from community.tests.xss_payloads import PAYLOADS
from core.honeypot import POST_FIELD as HONEYPOT_FIELD
from project_pages.factories import ArticlePageFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules(settings):
    """No waiting and no holding unless a test asks for it."""
    settings.COMMUNITY = {
        **settings.COMMUNITY,
        "SECONDS_BETWEEN_POSTS": 0,
        "SECONDS_BETWEEN_POSTS_NEW_MEMBER": 0,
        "HOLD_FIRST_CONTRIBUTIONS": 0,
    }
    return settings.COMMUNITY


@pytest.fixture
def anna():
    return make_member("Anna Puig")


@pytest.fixture
def biel():
    return make_member("Biel Soler")


def post_url(page) -> str:
    return reverse("community:comment_post", args=[page.pk])


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def thread_html(client, page) -> str:
    html = html_of(client.get(page.url))
    start = html.index('id="comments"')
    return html[start : html.index("</section>", start)]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.found


# Reading --------------------------------------------------------------------------


def test_visitors_read_the_thread_and_are_invited_to_sign_in(
    client, project_page, anna
):
    make_comment(project_page, anna, "Com ho vau fer amb **el padró**?")
    html = thread_html(client, project_page)
    assert "1 comment" in html or "1 comentari" in html
    assert "<strong>el padró</strong>" in html
    assert "Anna Puig" in html
    login = [
        a["href"] for tag, a in tags(html) if tag == "a" and "comptes" in a["href"]
    ]
    assert (
        login
        and "next=" in login[0]
        and project_page.url in login[0].replace("%2F", "/")
    )
    assert "<textarea" not in html
    assert "<form" not in html


def test_threaded_in_created_order_with_author_links_and_permalinks(
    client, project_page, anna, biel
):
    first = make_comment(project_page, anna, "Primer", created_at=ago(hours=3))
    second = make_comment(project_page, biel, "Segon", created_at=ago(hours=2))
    reply = make_comment(
        project_page, biel, "Resposta", parent=first, depth=1, created_at=ago(hours=1)
    )
    html = thread_html(client, project_page)
    assert html.index("Primer") < html.index("Resposta") < html.index("Segon")
    # The reply is nested inside the first comment's item.
    first_item = html[html.index(f'id="comment-{first.pk}"') : html.index("Segon")]
    assert 'class="comment-list comment-list--replies"' in first_item
    assert f'id="comment-{reply.pk}"' in first_item
    profile = reverse("community:member_profile", args=[anna.pk])
    assert f'href="{profile}"' in html
    permalink = reverse("community:comment_permalink", args=[second.pk])
    assert f'href="{permalink}"' in html
    response = client.get(permalink)
    assert response.status_code == 302
    assert response["Location"].endswith(f"{project_page.url}#comment-{second.pk}")


def test_articles_have_threads_too(client, site_pages, anna, signed_in):
    article = ArticlePageFactory(parent=site_pages["articles"]["ca"])
    make_comment(article, anna, "Molt bon article")
    assert "Molt bon article" in thread_html(client, article)
    response = signed_in(anna).post(post_url(article), {"body": "I un altre"})
    assert response.status_code == 302
    assert Comment.objects.filter(page_id=article.pk).count() == 2


def test_deleted_member_is_shown_as_such(client, project_page, anna):
    make_comment(project_page, anna, "Encara hi és")
    anna.user.delete()
    html = thread_html(client, project_page)
    assert "Encara hi és" in html
    assert "deleted member" in html or "membre eliminat" in html
    assert "Anna Puig" not in html


# Posting ----------------------------------------------------------------------------


def test_member_posts_and_replies(project_page, anna, biel, signed_in):
    response = signed_in(anna).post(post_url(project_page), {"body": "Hola *tothom*"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert (comment.author, comment.status, comment.depth) == (anna, "visible", 0)
    assert len(comment.ip_hash) == 64

    client = signed_in(biel)
    # "Reply" shows the reply form under that comment (no JavaScript needed).
    html = thread_html(client, project_page)
    reply_link = f"{project_page.url}?reply={comment.pk}#reply-{comment.pk}"
    assert f'href="{reply_link}"' in html
    assert html.count("<textarea") == 1
    html = html_of(client.get(reply_link))
    form = html[html.index(f'id="reply-{comment.pk}"') :]
    assert f'name="parent" value="{comment.pk}"' in form[: form.index("</form>")]
    client.post(post_url(project_page), {"body": "Resposta", "parent": comment.pk})
    reply = Comment.objects.get(author=biel)
    assert (reply.parent, reply.depth) == (comment, 1)
    html = thread_html(client, project_page)
    assert "<em>tothom</em>" in html
    assert "2 comments" in html or "2 comentaris" in html


def test_replies_to_the_deepest_level_join_that_level(
    project_page, anna, biel, signed_in
):
    parent = None
    for depth in range(MAX_COMMENT_DEPTH + 1):
        parent = make_comment(
            project_page, anna, f"nivell {depth}", parent=parent, depth=depth
        )
    signed_in(biel).post(
        post_url(project_page), {"body": "més avall", "parent": parent.pk}
    )
    reply = Comment.objects.get(author=biel)
    assert reply.depth == MAX_COMMENT_DEPTH
    assert reply.parent_id == parent.parent_id


def test_visitors_cannot_post(client, project_page):
    response = client.post(post_url(project_page), {"body": "anònim"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Comment.objects.exists()


def test_forms_are_csrf_protected(project_page, anna):
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna.user)
    assert (
        client.post(post_url(project_page), {"body": "sense testimoni"}).status_code
        == 403
    )
    assert not Comment.objects.exists()
    html = html_of(client.get(project_page.url))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        post_url(project_page), {"body": "amb testimoni", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "amb testimoni"
    comment = Comment.objects.get()
    for name in ("comment_delete", "comment_edit"):
        url = reverse(f"community:{name}", args=[comment.pk])
        assert client.post(url, {"body": "x"}).status_code == 403
    other = make_member()
    client.force_login(other.user)
    url = reverse("community:comment_report", args=[comment.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_only_commentable_pages_take_comments(site_pages, anna, signed_in):
    home = site_pages["home"]["ca"]
    response = signed_in(anna).post(post_url(home), {"body": "a la portada"})
    assert response.status_code == 404
    draft = ProjectPageFactory(parent=site_pages["projects"]["ca"])
    draft.unpublish()
    assert signed_in(anna).post(post_url(draft), {"body": "x"}).status_code == 404


def test_honeypot_saves_nothing_and_keeps_the_text(project_page, anna, signed_in):
    client = signed_in(anna)
    response = client.post(
        post_url(project_page), {"body": "El meu text", HONEYPOT_FIELD: "http://x"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#comment-form")
    assert not Comment.objects.exists()
    html = unescape(thread_html(client, project_page))
    assert "could not be posted" in html or "No s'ha pogut publicar" in html
    assert ">El meu text</textarea>" in html
    # Shown once: the next visit has an empty form.
    assert "El meu text" not in thread_html(client, project_page)


def test_rate_limit_shows_the_wait_and_keeps_the_text(
    project_page, anna, rules, signed_in
):
    rules["SECONDS_BETWEEN_POSTS"] = 30
    client = signed_in(anna)
    client.post(post_url(project_page), {"body": "primer"})
    response = client.post(post_url(project_page), {"body": "massa ràpid"})
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    html = thread_html(client, project_page)
    assert ">massa ràpid</textarea>" in html
    assert re.search(r"(wait|Espereu) (29|30) (seconds|segons)", html), html


def test_reply_errors_are_shown_at_the_reply_form(project_page, anna, biel, signed_in):
    comment = make_comment(project_page, biel, "Pregunta")
    client = signed_in(anna)
    response = client.post(post_url(project_page), {"body": "  ", "parent": comment.pk})
    assert response["Location"].endswith(f"#reply-{comment.pk}")
    html = thread_html(client, project_page)
    assert f'id="reply-{comment.pk}"' in html
    assert html.count('class="errorlist"') == 1
    assert html.count("<textarea") == 2  # the reply form with the error, the new one


def test_banned_members_cannot_post(project_page, anna, signed_in):
    anna.status = "banned"
    anna.save()
    signed_in(anna).post(post_url(project_page), {"body": "hola"})
    assert not Comment.objects.exists()


def test_posted_payloads_never_become_active_html(project_page, anna, rules, signed_in):
    rules["POSTS_PER_DAY"] = rules["POSTS_PER_DAY_PER_IP"] = 1000
    client = signed_in(anna)
    for payload in PAYLOADS:
        client.post(post_url(project_page), {"body": payload})
    # All but the one with a NUL character, which the form refuses.
    assert Comment.objects.count() == len([p for p in PAYLOADS if "\x00" not in p])
    for viewer in (Client(), client):
        html = thread_html(viewer, project_page)
        start = html.index('<ol class="comment-list">')
        for chunk in re.findall(
            r'<div class="comment__text">(.*?)</div>', html[start:], re.S
        ):
            assert problems(chunk) == [], chunk


# Held, hidden, deleted ---------------------------------------------------------------


def test_first_comments_are_held_and_seen_only_by_their_author(
    client, project_page, anna, biel, rules, signed_in
):
    rules["HOLD_FIRST_CONTRIBUTIONS"] = 2
    make_comment(project_page, biel, "Visible")
    author = signed_in(anna)
    author.post(post_url(project_page), {"body": "Pendent de moderar"})
    assert Comment.objects.get(author=anna).status == Status.HELD
    mine = thread_html(author, project_page)
    assert "Pendent de moderar" in mine
    assert "moderation" in mine or "moderació" in mine
    assert "1 comment" in mine or "1 comentari" in mine  # held ones are not counted
    # ...and the author is told why theirs is not in the count.
    assert "comments__pending" in mine
    assert "no es compta" in mine  # in Catalan, the page's language
    for other in (client, signed_in(biel)):
        html = thread_html(other, project_page)
        assert "Pendent de moderar" not in html
        assert "comments__pending" not in html
    held = Comment.objects.get(author=anna)
    assert (
        client.get(reverse("community:comment_permalink", args=[held.pk])).status_code
        == 404
    )


def test_deleting_own_comment(client, project_page, anna, biel, signed_in):
    lonely = make_comment(project_page, anna, "Sense respostes")
    answered = make_comment(project_page, anna, "Amb respostes")
    make_comment(project_page, biel, "La resposta", parent=answered, depth=1)
    author = signed_in(anna)
    url = reverse("community:comment_delete", args=[answered.pk])
    assert "Amb respostes" in html_of(author.get(url))  # a confirmation page
    assert author.post(url).status_code == 302
    author.post(reverse("community:comment_delete", args=[lonely.pk]))
    html = thread_html(client, project_page)
    assert "Amb respostes" not in html
    assert "Sense respostes" not in html
    assert f'id="comment-{lonely.pk}"' not in html
    assert "Comment deleted" in html or "Comentari eliminat" in html
    assert "La resposta" in html
    assert "1 comment" in html or "1 comentari" in html


def test_nobody_edits_or_deletes_anothers_comment(project_page, anna, biel, signed_in):
    comment = make_comment(project_page, anna, "Meu")
    intruder = signed_in(biel)
    for name in ("comment_edit", "comment_delete"):
        url = reverse(f"community:{name}", args=[comment.pk])
        assert intruder.get(url).status_code == 403
        assert intruder.post(url, {"body": "canviat"}).status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Meu", Status.VISIBLE)
    html = thread_html(intruder, project_page)
    assert reverse("community:comment_edit", args=[comment.pk]) not in html
    assert reverse("community:comment_delete", args=[comment.pk]) not in html


def test_editing_within_the_window_only(project_page, anna, signed_in):
    comment = make_comment(project_page, anna, "Amb una errada")
    client = signed_in(anna)
    edit = reverse("community:comment_edit", args=[comment.pk])
    assert edit in thread_html(client, project_page)
    assert client.post(edit, {"body": "Sense errada"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Sense errada"
    assert comment.edited_at is not None
    assert "Sense errada" in thread_html(Client(), project_page)

    # Sixteen minutes later (a queryset update sends no signal: the thread's rows
    # are kept per thread version, so say it changed).
    Comment.objects.filter(pk=comment.pk).update(created_at=ago(minutes=16))
    threads.forget_thread(project_page.pk)
    assert edit not in thread_html(client, project_page)
    assert client.post(edit, {"body": "Massa tard"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Sense errada"


def test_report_button_and_three_reports_hide(client, project_page, anna, signed_in):
    comment = make_comment(project_page, anna, "Contingut dubtós")
    report_url = reverse("community:comment_report", args=[comment.pk])
    assert report_url not in thread_html(client, project_page)  # visitors
    assert report_url not in thread_html(signed_in(anna), project_page)  # own
    assert signed_in(anna).post(report_url).status_code == 403
    reporters = [make_member() for _ in range(3)]
    assert report_url in thread_html(signed_in(reporters[0]), project_page)
    for number, reporter in enumerate(reporters):
        assert "Contingut dubtós" in thread_html(client, project_page), number
        response = signed_in(reporter).post(report_url, {"reason": "spam"})
        assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert ModerationAction.objects.filter(kind="auto_hide", moderator=None).exists()
    html = thread_html(client, project_page)
    assert "Contingut dubtós" not in html
    assert "0 comments" in html or "0 comentaris" in html
    # Its author still sees it, marked as hidden.
    assert "Contingut dubtós" in thread_html(signed_in(anna), project_page)


# Counts and queries ----------------------------------------------------------------


def test_cards_count_only_visible_comments_in_one_query(client, project_index, anna):
    pages = [ProjectPageFactory(parent=project_index) for _ in range(3)]
    make_comment(pages[0], anna, "u")
    make_comment(pages[0], anna, "dos")
    make_comment(pages[0], anna, "amagat", status=Status.HIDDEN)
    make_comment(pages[0], anna, "pendent", status=Status.HELD)
    make_comment(pages[0], anna, "esborrat", status=Status.DELETED)
    make_comment(pages[1], anna, "un")
    html = html_of(client.get(project_index.url))
    assert re.search(r"#comments\">2 (comments|comentaris)</a>", html)
    assert re.search(r"#comments\">1 (comment|comentari)</a>", html)
    assert html.count('class="card__comments"') == 2
    with CaptureQueriesContext(connection) as few:
        client.get(project_index.url)
    for _ in range(5):
        make_comment(ProjectPageFactory(parent=project_index), anna, "més")
    client.get(project_index.url)  # the new pages changed the tree: warm again
    with CaptureQueriesContext(connection) as many:
        client.get(project_index.url)
    counting = [q for q in many.captured_queries if "community_comment" in q["sql"]]
    assert len(counting) == 1
    assert len(many) == len(few)
    home = html_of(client.get(project_index.get_parent().url))
    assert 'class="card__comments"' in home


def thread_queries(client, page) -> int:
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def fill(page, count: int, authors) -> None:
    comments = []
    for number in range(count):
        parent = comments[number // 3] if number % 3 and comments else None
        comments.append(
            make_comment(
                page,
                authors[number % len(authors)],
                f"Comentari **{number}** https://ok.example/{number}",
                parent=parent,
                depth=(parent.depth + 1)
                if parent and parent.depth < MAX_COMMENT_DEPTH
                else 0,
                status=Status.DELETED if number % 17 == 5 else Status.VISIBLE,
            )
        )


def test_thread_queries_do_not_grow_with_its_size(project_index, anna, biel, signed_in):
    small = ProjectPageFactory(parent=project_index, title="Poc comentat")
    big = ProjectPageFactory(parent=project_index, title="Molt comentat")
    authors = [anna, biel, make_member(), make_member()]
    fill(small, 5, authors)
    fill(big, 100, authors)
    visitor, member = Client(), signed_in(make_member())
    assert thread_queries(visitor, big) == thread_queries(visitor, small)
    assert thread_queries(member, big) == thread_queries(member, small)
    html = thread_html(member, big)
    assert html.count('class="comment__text"') == 100 - len(range(5, 100, 17))


def test_visitors_thread_costs_no_query_once_cached_and_stays_fresh(
    client, project_page, anna, signed_in
):
    make_comment(project_page, anna, "Primer")
    client.get(project_page.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(project_page.url)
    assert not [q for q in queries.captured_queries if "community_comment" in q["sql"]]
    signed_in(anna).post(post_url(project_page), {"body": "Acabat de publicar"})
    assert "Acabat de publicar" in thread_html(client, project_page)
    anna.display_name = "Anna P. Vidal"
    anna.save()
    assert "Anna P. Vidal" in thread_html(client, project_page)
