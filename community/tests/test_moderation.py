"""Moderation as moderators, members and readers notice it: the queue in the
Wagtail admin, what approve / hide / delete change on the public site, member
sanctions, and the audit log of who did what and when."""

from datetime import timedelta
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from community import moderation
from community.models import (
    Comment,
    ForumCategory,
    Member,
    MemberStatus,
    ModerationAction,
    Post,
    Report,
    Status,
    Topic,
)

User = get_user_model()
Kind = ModerationAction.Kind
QUEUE = "/admin/community/moderation/"
MEMBERS = "/admin/community/members/"
LOG = "/admin/community/moderation-log/"


@pytest.fixture
def make_member(make_member):
    """Members here joined today and confirmed their address; the first is Anna."""
    return partial(
        make_member, name="Anna Roca", email="anna@example.org", days=0, confirmed=True
    )


@pytest.fixture
def moderator(db):
    user = User.objects.create_user("mod", "mod@observatori.example", "x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def author(make_member):
    return make_member()


@pytest.fixture
def comment(project_page, author):
    return Comment.objects.create(
        page=project_page, author=author, body="Un comentari **visible** de prova"
    )


@pytest.fixture
def report(make_member):
    """A function: ``n`` members report ``target`` for ``reason``."""

    def report(target, reason: str, n: int = 1) -> None:
        content_type = ContentType.objects.get_for_model(target)
        for i in range(n):
            reporter = make_member(email=f"r{i}-{target.pk}@example.org", name=f"R{i}")
            Report.objects.create(
                content_type=content_type,
                object_id=target.pk,
                reporter=reporter,
                reason=reason,
            )
        type(target).objects.filter(pk=target.pk).update(report_count=n)

    return report


def profile_url(member: Member) -> str:
    return f"/ca/comunitat/membres/{member.pk}/"


# Who gets in ----------------------------------------------------------------------


def test_admin_users_who_are_not_moderators_get_403(db, signed_in):
    clerk = User.objects.create_user("clerk", "clerk@example.org", "x")
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = signed_in(clerk)
    assert client.get("/admin/").status_code == 200
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert "Només els moderadors" in response.content.decode()
    for url in (MEMBERS, LOG, "/admin/community/visit-requests/"):
        assert client.get(url)["Location"] == "/admin/"
    assert "Cua de moderació" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("group", ["Moderators", "Editors", None])
def test_moderators_editors_and_superusers_see_the_community_menu(db, group, signed_in):
    if group:
        user = User.objects.create_user("m", "m@example.org", "x")
        user.groups.add(Group.objects.get(name=group))
    else:
        user = User.objects.create_superuser("root", "root@example.org", "x")
    client = signed_in(user)
    dashboard = client.get("/admin/").content.decode()
    assert "Comunitat" in dashboard
    for url in (QUEUE, MEMBERS, LOG, "/admin/community/contact-requests/"):
        assert client.get(url).status_code == 200, url


# The queue --------------------------------------------------------------------------


def test_queue_lists_held_and_reported_content_with_reasons_escaped(
    project_page, author, moderator, signed_in, report
):
    held = Comment.objects.create(
        page=project_page,
        author=author,
        body="<script>alert('held')</script> primer comentari",
        status=Status.HELD,
    )
    reported = Comment.objects.create(page=project_page, author=author, body="Spam!")
    report(reported, "<b>publicitat</b>", n=2)
    Comment.objects.create(page=project_page, author=author, body="Tot correcte")
    category = ForumCategory.objects.create(slug="moderation-test")
    topic = Topic.objects.create(
        category=category,
        author=author,
        title="Tema retingut",
        body="Cos",
        status=Status.HELD,
    )
    html = signed_in(moderator).get(QUEUE).content.decode()
    assert "primer comentari" in html
    assert "<script>alert" not in html
    assert "Spam!" in html
    assert "2 denúncies obertes" in html
    assert "&lt;b&gt;publicitat&lt;/b&gt;" in html
    assert "Tema retingut" in html
    assert "Tot correcte" not in html
    assert f"/admin/community/members/edit/{author.pk}/" in html
    assert f"comment/{held.pk}/" in html and f"topic/{topic.pk}/" in html

    only_held = signed_in(moderator).get(QUEUE + "?show=reported").content.decode()
    assert "Spam!" in only_held and "primer comentari" not in only_held


def test_hiding_a_comment_removes_it_from_the_public_site_and_logs_it(
    client, comment, author, moderator, signed_in
):
    assert "Un comentari" in client.get(profile_url(author)).content.decode()
    response = signed_in(moderator).post(
        f"{QUEUE}comment/{comment.pk}/", {"action": "hide", "note": "Fora de to"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN
    assert "Un comentari" not in client.get(profile_url(author)).content.decode()
    assert "Un comentari" not in client.get(comment.page.url).content.decode()

    action = ModerationAction.objects.get()
    assert (action.kind, action.moderator, action.member) == (
        Kind.HIDE,
        moderator,
        author,
    )
    assert action.target == comment
    assert action.note == "Fora de to"
    assert timezone.now() - action.created_at < timedelta(minutes=1)


def test_approving_reported_content_closes_its_reports(
    comment, moderator, client, signed_in, report
):
    report(comment, "no m'agrada", n=3)
    Comment.objects.filter(pk=comment.pk).update(status=Status.HIDDEN)
    signed_in(moderator).post(f"{QUEUE}comment/{comment.pk}/", {"action": "approve"})
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE
    assert comment.report_count == 0
    assert not Report.objects.filter(resolved=False).exists()
    assert ModerationAction.objects.get().kind == Kind.RESTORE
    assert "Un comentari" in client.get(profile_url(comment.author)).content.decode()
    # Nothing left in the queue.
    assert "Un comentari" not in signed_in(moderator).get(QUEUE).content.decode()


def test_approving_held_content_publishes_it(project_page, author, moderator, client):
    held = Comment.objects.create(
        page=project_page, author=author, body="Retingut", status=Status.HELD
    )
    assert "Retingut" not in client.get(profile_url(author)).content.decode()
    moderation.approve(held, moderator, "Benvingut")
    assert "Retingut" in client.get(profile_url(author)).content.decode()
    assert ModerationAction.objects.get().kind == Kind.APPROVE


def test_deleting_a_reply_keeps_the_row_but_hides_it(
    author, moderator, client, signed_in
):
    category = ForumCategory.objects.create(slug="moderation-test")
    topic = Topic.objects.create(category=category, author=author, title="T", body="B")
    post = Post.objects.create(topic=topic, author=author, body="Resposta esborrable")
    assert "Resposta esborrable" in client.get(profile_url(author)).content.decode()
    signed_in(moderator).post(f"{QUEUE}post/{post.pk}/", {"action": "delete"})
    post.refresh_from_db()
    assert post.status == Status.DELETED
    assert "Resposta esborrable" not in client.get(profile_url(author)).content.decode()
    assert ModerationAction.objects.get().kind == Kind.DELETE


def test_queue_actions_need_post_and_a_moderator(comment, db, signed_in):
    clerk = User.objects.create_user("clerk", "clerk@example.org", "x")
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = signed_in(clerk).post(
        f"{QUEUE}comment/{comment.pk}/", {"action": "hide"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE
    assert not ModerationAction.objects.exists()


def test_queue_forms_are_csrf_protected(comment, moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(f"{QUEUE}comment/{comment.pk}/", {"action": "hide"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE


# Members ------------------------------------------------------------------------------


def test_members_list_filters_and_search(moderator, make_member, signed_in):
    make_member(email="a@example.org", name="Alba Verificada", verified=True)
    make_member(
        email="b@example.org", name="Bernat Expulsat", status=MemberStatus.BANNED
    )
    client = signed_in(moderator)
    html = client.get(MEMBERS + "?verified=true").content.decode()
    assert "Alba Verificada" in html and "Bernat Expulsat" not in html
    html = client.get(MEMBERS + "?status=banned").content.decode()
    assert "Bernat Expulsat" in html and "Alba Verificada" not in html
    html = client.get(MEMBERS + "?q=bernat").content.decode()
    assert "Bernat Expulsat" in html and "Alba Verificada" not in html


def test_suspend_ban_reinstate_and_verify_from_the_admin(author, moderator, signed_in):
    client = signed_in(moderator)
    url = f"{MEMBERS}edit/{author.pk}/"
    assert "anna@example.org" in client.get(url).content.decode()

    until = timezone.localdate() + timedelta(days=7)
    client.post(url, {"action": "suspend", "until": until.isoformat(), "note": "Avís"})
    author.refresh_from_db()
    assert author.status == MemberStatus.SUSPENDED
    assert timezone.localtime(author.suspended_until).date() == until
    assert not author.can_post()

    client.post(url, {"action": "ban"})
    author.refresh_from_db()
    assert author.status == MemberStatus.BANNED and not author.can_post()

    client.post(url, {"action": "reinstate"})
    client.post(url, {"action": "verify"})
    author.refresh_from_db()
    assert author.status == MemberStatus.ACTIVE and author.can_post()
    assert author.verified

    kinds = list(
        ModerationAction.objects.filter(member=author)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [Kind.SUSPEND, Kind.BAN, Kind.REINSTATE, Kind.VERIFY]
    assert ModerationAction.objects.filter(moderator=moderator).count() == 4
    assert "Membre readmès" in client.get(url).content.decode()


def test_a_suspension_needs_a_future_date(author, moderator, signed_in):
    client = signed_in(moderator)
    url = f"{MEMBERS}edit/{author.pk}/"
    response = client.post(url, {"action": "suspend", "until": "2001-01-01"})
    assert response.status_code == 200
    assert "La data ha de ser futura." in response.content.decode()
    author.refresh_from_db()
    assert author.status == MemberStatus.ACTIVE
    assert not ModerationAction.objects.exists()
    with pytest.raises(ValueError):
        moderation.suspend(author, timezone.now() - timedelta(days=1), moderator)


# The log ----------------------------------------------------------------------------


def test_log_shows_who_when_what_and_filters_by_kind(
    comment, author, moderator, signed_in
):
    moderation.hide(comment, moderator, "Nota d'amagar")
    moderation.verify(author, moderator, "Treballa a l'Ajuntament")
    client = signed_in(moderator)
    html = client.get(LOG).content.decode()
    assert "mod" in html
    assert "Nota d&#x27;amagar" in html and "Treballa a l&#x27;Ajuntament" in html
    assert "Un comentari" in html  # what was acted upon
    html = client.get(LOG + "?kind=verify").content.decode()
    assert "Treballa a l&#x27;Ajuntament" in html and "Nota d&#x27;amagar" not in html
    # Read-only: no way to add, edit or delete entries.
    action = ModerationAction.objects.first()
    assert client.get(f"{LOG}new/", follow=True).status_code == 404
    assert client.get(f"{LOG}edit/{action.pk}/", follow=True).status_code == 404
    assert client.get(f"{LOG}delete/{action.pk}/", follow=True).status_code == 404
    assert client.get(f"{LOG}inspect/{action.pk}/").status_code == 200


def test_each_function_changes_state_and_logs_atomically(comment, author, moderator):
    for function in (moderation.hide, moderation.delete, moderation.approve):
        action = function(comment, moderator, "")
        comment.refresh_from_db()
        assert action.target == comment
    assert comment.status == Status.VISIBLE
    assert [a.kind for a in ModerationAction.objects.order_by("pk")] == [
        Kind.HIDE,
        Kind.DELETE,
        Kind.RESTORE,
    ]
    assert ModerationAction.objects.count() == 3
    with pytest.raises(TypeError):
        moderation.hide(author, moderator)
    assert ModerationAction.objects.count() == 3
