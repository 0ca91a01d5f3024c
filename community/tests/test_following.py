"""Following and notification emails, as members notice them."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from community import moderation
from community.following import auto_follow, is_following
from community.models import (
    Follow,
    ForumCategory,
    Frequency,
    MemberStatus,
    Notification,
    Post,
    Status,
    Topic,
)
from community.notifications import unsubscribe_token
from community.tests.comment_helpers import make_comment, make_member
from project_pages.factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules(settings):
    settings.COMMUNITY = {
        **settings.COMMUNITY,
        "SECONDS_BETWEEN_POSTS": 0,
        "SECONDS_BETWEEN_POSTS_NEW_MEMBER": 0,
        "HOLD_FIRST_CONTRIBUTIONS": 0,
    }


@pytest.fixture(autouse=True)
def _default_language(settings):
    """A request to an /es/ page leaves Spanish active in this thread: reset it
    so that later tests reverse URLs in the default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the immediate emails) as it would in
    production."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def follow_url(kind: str, pk) -> str:
    return reverse("community:follow", args=[kind, pk])


def follow_page(client, page, action="follow"):
    return client.post(
        follow_url("page", page.pk), {"action": action, "next": page.url}
    )


def link_in(body: str, fragment: str) -> str:
    match = re.search(r"https?://\S*" + re.escape(fragment) + r"\S*", body)
    assert match, body
    return re.sub(r"^https?://[^/]+", "", match.group(0))


# Following --------------------------------------------------------------------


def test_follow_and_unfollow_a_project_file(project_page, signed_in):
    anna = make_member("Anna Puig")
    client = signed_in(anna)
    html = client.get(project_page.url).content.decode()
    assert 'name="action" value="follow"' in html
    assert "Segueix aquest projecte" in html
    response = follow_page(client, project_page)
    assert response.status_code == 302
    # Back to the button, not to the top of the page.
    assert response["Location"] == f"{project_page.url}#follow-page-{project_page.pk}"
    follow_page(client, project_page)  # twice: still one follow
    assert Follow.objects.filter(member=anna).count() == 1
    html = client.get(project_page.url).content.decode()
    assert 'name="action" value="unfollow"' in html
    listing = client.get(reverse("community:following")).content.decode()
    assert project_page.title in listing
    assert (
        reverse("community:following")
        in client.get(reverse("community:profile_edit")).content.decode()
    )
    follow_page(client, project_page, "unfollow")
    follow_page(client, project_page, "unfollow")
    assert not Follow.objects.filter(member=anna).exists()
    assert not is_following(anna.user_id, project_page)


def test_the_button_says_what_was_done_next_to_it_once(project_page, signed_in):
    """No JavaScript: the member lands on the button's anchor, where a status
    message says what happened; the next visit shows only the button."""
    client = signed_in(make_member("Anna Puig"))
    anchor = f"follow-page-{project_page.pk}"

    def button(html: str) -> str:
        return html.split(f'<div class="follow" id="{anchor}">')[1].split("</div>")[0]

    location = follow_page(client, project_page)["Location"]
    assert location.endswith(f"#{anchor}")
    html = client.get(location.split("#")[0]).content.decode()
    status = re.search(r'<p class="follow__done" role="status">(.*?)</p>', button(html))
    assert status and status.group(1).startswith("Fet: ara ho seguiu.")
    assert 'value="unfollow"' in button(html)
    again = client.get(project_page.url).content.decode()
    assert "follow__done" not in again
    follow_page(client, project_page, "unfollow")
    html = client.get(project_page.url).content.decode()
    assert "Fet: ja no ho seguiu." in button(html)
    # Another project file's button does not take the message.
    other_project = ProjectPageFactory(parent=project_page.get_parent(), title="Altre")
    follow_page(client, project_page)
    assert "follow__done" not in client.get(other_project.url).content.decode()
    assert "follow__done" in client.get(project_page.url).content.decode()


def test_visitors_get_a_sign_in_link_and_cannot_follow(client, project_page, signed_in):
    html = client.get(project_page.url).content.decode()
    assert reverse("account_login") in html
    assert 'value="follow"' not in html
    response = follow_page(client, project_page)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Follow.objects.exists()
    assert (
        signed_in(make_member()).get(follow_url("page", project_page.pk)).status_code
        == 405
    )


def test_the_button_costs_visitors_no_query_and_members_one(
    client, project_page, signed_in
):
    def follow_queries(client) -> int:
        client.get(project_page.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(project_page.url).status_code == 200
        return sum("community_follow" in q["sql"] for q in queries.captured_queries)

    assert follow_queries(client) == 0
    assert follow_queries(signed_in(make_member())) == 1


def test_follow_forms_need_the_csrf_token(project_page, signed_in):
    anna = make_member()
    client = signed_in(anna, csrf=True)
    assert follow_page(client, project_page).status_code == 403
    assert not Follow.objects.exists()
    html = client.get(project_page.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        follow_url("page", project_page.pk),
        {"action": "follow", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Follow.objects.filter(member=anna).count() == 1


def test_areas_are_followed_from_the_following_page(signed_in):
    anna = make_member()
    client = signed_in(anna)
    from project_pages.models import Area

    area = Area.objects.first()
    html = client.get(reverse("community:following")).content.decode()
    assert follow_url("area", area.pk) in html
    client.post(follow_url("area", area.pk), {"action": "follow"})
    assert is_following(anna.user_id, area)


def test_commenting_follows_the_page(project_page, signed_in):
    anna = make_member()
    signed_in(anna).post(
        reverse("community:comment_post", args=[project_page.pk]), {"body": "Hola"}
    )
    assert is_following(anna.user_id, project_page)


# Immediate emails -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ca", ["ha comentat", "Deixeu de rebre", "/ca/comunitat/baixa/"]),
        ("es", ["ha comentado", "Deje de", "/es/comunidad/baja/"]),
    ],
)
def test_a_comment_emails_an_immediate_follower_in_their_language(
    project_page, commit, language, words, signed_in
):
    follower = make_member("Marta", language=language, frequency=Frequency.IMMEDIATELY)
    signed_in(follower).post(follow_url("page", project_page.pk), {"action": "follow"})
    author = make_member("Pau Riera")
    mail.outbox.clear()
    commit(
        signed_in(author).post,
        reverse("community:comment_post", args=[project_page.pk]),
        {"body": "Com vau formar el personal?"},
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [follower.user.email]
    assert "Pau Riera" in message.subject
    for word in words:
        assert word in message.body
    assert "Com vau formar el personal?" in message.body
    assert message.subject.startswith("[Observatori]")
    unsubscribe = link_in(message.body, words[-1])
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert unsubscribe in message.extra_headers["List-Unsubscribe"]
    # The unsubscribe link works without signing in: GET asks, POST applies.
    visitor = Client()
    page = visitor.get(unsubscribe)
    assert page.status_code == 200
    follower.refresh_from_db()
    assert follower.frequency == Frequency.IMMEDIATELY
    assert visitor.post(unsubscribe).status_code == 200
    follower.refresh_from_db()
    assert follower.frequency == Frequency.NEVER
    # And nothing more arrives.
    mail.outbox.clear()
    commit(make_comment, project_page, author, "Un altre")
    assert mail.outbox == []


def test_the_author_is_not_notified_of_their_own_comment(
    project_page, commit, signed_in
):
    anna = make_member(frequency=Frequency.IMMEDIATELY)
    client = signed_in(anna)
    url = reverse("community:comment_post", args=[project_page.pk])
    commit(client.post, url, {"body": "Primer"})  # she follows the page now
    assert is_following(anna.user_id, project_page)
    commit(client.post, url, {"body": "Segon"})
    assert mail.outbox == []
    assert not Notification.objects.filter(member=anna).exists()


def test_a_tampered_token_unsubscribes_nobody(project_page):
    anna = make_member(frequency=Frequency.DAILY)
    biel = make_member(frequency=Frequency.DAILY)
    token = unsubscribe_token(anna)
    payload, _sep, signature = token.partition(":")
    forged = unsubscribe_token(biel).partition(":")[0] + ":" + signature
    for bad in (forged, token + "x", "garbage"):
        url = reverse("community:unsubscribe", args=[bad])
        assert Client().get(url).status_code in (400, 404)
        assert Client().post(url).status_code in (400, 404)
    anna.refresh_from_db()
    biel.refresh_from_db()
    assert anna.frequency == biel.frequency == Frequency.DAILY
    url = reverse("community:unsubscribe", args=[token])
    Client(enforce_csrf_checks=True).post(url)  # one click, no CSRF token needed
    anna.refresh_from_db()
    biel.refresh_from_db()
    assert anna.frequency == Frequency.NEVER
    assert biel.frequency == Frequency.DAILY


# Digests ----------------------------------------------------------------------


def test_daily_digest_groups_items_and_never_sends_twice(
    project_index, commit, signed_in
):
    first = ProjectPageFactory(parent=project_index, title="Padró digital")
    second = ProjectPageFactory(parent=project_index, title="Cita prèvia")
    daily = make_member("Dolors", frequency=Frequency.DAILY, language="es")
    weekly = make_member("Wenceslau", frequency=Frequency.WEEKLY)
    never = make_member("Ningú", frequency=Frequency.NEVER)
    for member in (daily, weekly, never):
        client = signed_in(member)
        for page in (first, second):
            client.post(follow_url("page", page.pk), {"action": "follow"})
    author = make_member("Pau")
    commit(make_comment, first, author, "Primer comentari")
    commit(make_comment, first, author, "Segon comentari")
    commit(make_comment, second, author, "Tercer comentari")
    assert mail.outbox == []  # nobody wants them immediately

    call_command("send_digests", "daily")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [daily.user.email]
    assert "3" in digest.subject and "diario" in digest.subject.lower()
    for text in ("Primer comentari", "Segon comentari", "Tercer comentari"):
        assert text in digest.body
    assert "Padró digital" in digest.body and "Cita prèvia" in digest.body

    mail.outbox.clear()
    call_command("send_digests", "daily")
    assert mail.outbox == []

    call_command("send_digests", "weekly")
    assert [m.to for m in mail.outbox] == [[weekly.user.email]]
    mail.outbox.clear()
    call_command("send_digests", "weekly")
    assert mail.outbox == []
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_banned_members_and_deleted_accounts_get_nothing(
    project_page, commit, signed_in
):
    banned = make_member(frequency=Frequency.DAILY)
    leaving = make_member(frequency=Frequency.DAILY)
    for member in (banned, leaving):
        signed_in(member).post(
            follow_url("page", project_page.pk), {"action": "follow"}
        )
    commit(make_comment, project_page, make_member(), "Abans")
    moderation.ban(banned, None)
    from community.accounts import delete_account

    delete_account(leaving.user)
    call_command("send_digests", "daily")
    assert mail.outbox == []
    banned.refresh_from_db()
    assert banned.status == MemberStatus.BANNED


# Moderation -------------------------------------------------------------------


def test_held_content_notifies_only_once_approved(project_page, commit, signed_in):
    follower = make_member(frequency=Frequency.IMMEDIATELY)
    signed_in(follower).post(follow_url("page", project_page.pk), {"action": "follow"})
    held = commit(
        make_comment, project_page, make_member(), "Esperant", status=Status.HELD
    )
    assert mail.outbox == []
    commit(moderation.approve, held, None)
    assert len(mail.outbox) == 1
    assert "Esperant" in mail.outbox[0].body
    commit(moderation.hide, held, None)
    commit(moderation.approve, held, None)
    assert len(mail.outbox) == 1  # never twice


def test_hidden_content_never_notifies(project_page, commit, signed_in):
    follower = make_member(frequency=Frequency.DAILY)
    signed_in(follower).post(follow_url("page", project_page.pk), {"action": "follow"})
    commit(make_comment, project_page, make_member(), "Amagat", status=Status.HIDDEN)
    shown = commit(make_comment, project_page, make_member(), "Després amagat")
    commit(moderation.hide, shown, None)  # hidden before the digest went out
    call_command("send_digests", "daily")
    assert mail.outbox == []


# The forum (rows created directly, as the forum's views will) -----------------


def test_topics_and_replies_notify_the_followers(commit, signed_in):
    category = ForumCategory.objects.filter(area__isnull=False).first()
    by_category = make_member(frequency=Frequency.IMMEDIATELY)
    by_area = make_member(frequency=Frequency.IMMEDIATELY)
    signed_in(by_category).post(
        follow_url("category", category.pk), {"action": "follow"}
    )
    signed_in(by_area).post(follow_url("area", category.area_id), {"action": "follow"})
    starter = make_member("Quim")
    topic = commit(
        Topic.objects.create,
        category=category,
        author=starter,
        title="Firma electrònica",
        body="Quina eina feu servir?",
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [by_category.user.email, by_area.user.email]
    )
    assert all("Firma electrònica" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    starter.frequency = Frequency.IMMEDIATELY
    starter.save()
    auto_follow(topic)  # what the forum's view does for the one who starts it
    commit(Post.objects.create, topic=topic, author=make_member(), body="Valid")
    # The starter follows their topic; category followers hear only of topics.
    assert [m.to for m in mail.outbox] == [[starter.user.email]]
    reply_url = reverse("community:forum_post", args=[Post.objects.get().pk])
    assert reply_url in mail.outbox[0].body
    mail.outbox.clear()
    commit(
        Post.objects.create,
        topic=topic,
        author=make_member(),
        body="Retinguda",
        status=Status.HELD,
    )
    assert mail.outbox == []


def test_a_new_project_file_notifies_the_followers_of_its_area(
    project_index, commit, signed_in
):
    from project_pages.models import Area, ProjectPage

    area = Area.objects.first()
    follower = make_member(frequency=Frequency.IMMEDIATELY)
    signed_in(follower).post(follow_url("area", area.pk), {"action": "follow"})
    page = ProjectPageFactory(parent=project_index, title="Nou projecte", live=False)
    page = ProjectPage.objects.get(pk=page.pk)
    page.areas.set([area])
    page.first_published_at = None
    page.save()
    commit(page.save_revision().publish)
    assert len(mail.outbox) == 1
    assert "Nou projecte" in mail.outbox[0].subject
    mail.outbox.clear()
    commit(page.save_revision().publish)  # published again: nothing new
    assert mail.outbox == []
