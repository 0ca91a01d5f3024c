"""A group's discussions as its members, coordinators, outsiders and followers
meet them: a private group's topics reach nobody outside it through any forum
URL, list, search, following page, profile, email or machine output; members
post, others read (open and moderated groups) or see nothing (private);
coordinators pin and lock; followers get the group's topics in their digest."""

import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from community import following, forum
from community.accounts import delete_account
from community.data_export import member_data
from community.following import is_following
from community.models import (
    Follow,
    ForumCategory,
    Frequency,
    Notification,
    Post,
    Report,
    Status,
    Topic,
)
from community.tests.comment_helpers import make_member
from practice import discussions
from practice import membership as steps
from practice.models import Community, InterestGroup, Membership, Role, State

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Pressupost confidencial de la mancomunitat"
SECRET_BODY = "Xifres reservades només per al grup"
SECRET_REPLY = "Resposta reservada dels membres"


@pytest.fixture(autouse=True)
def catalan():
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


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (immediate emails) as in production."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def make_group(community, name, visibility):
    return InterestGroup.objects.create(
        community=community,
        name=name,
        name_es=f"{name} (es)",
        slug=slugify(name),
        visibility=visibility,
    )


def join(group, member, state=State.MEMBER, role=Role.MEMBER):
    return Membership.objects.create(group=group, member=member, state=state, role=role)


def make_topic(group, author, title, body="Text del tema", **fields):
    fields.setdefault("status", Status.VISIBLE)
    return Topic.objects.create(
        category=discussions.ensure_category(group),
        author=author,
        title=title,
        body=body,
        **fields,
    )


def make_post(topic, author, body, **fields):
    fields.setdefault("status", Status.VISIBLE)
    return Post.objects.create(topic=topic, author=author, body=body, **fields)


@pytest.fixture
def people():
    return {
        "marta": make_member("Marta Coordinadora"),
        "pau": make_member("Pau Membre"),
        "ines": make_member("Inès Convidada"),
        "quim": make_member("Quim Sollicitant"),
        "stranger": make_member("Estrany Curiós"),
    }


@pytest.fixture
def world(people):
    """Three groups of one community; Marta coordinates them all and Pau is a
    member of each; Inès is invited to the private one; Quim asked to join the
    moderated one. Each group has one topic with one reply."""
    clerks = Community.objects.create(name="Secretaris", slug="secretaris")
    groups = {
        "open": make_group(clerks, "Contractació oberta", "open"),
        "moderated": make_group(clerks, "Padró moderat", "moderated"),
        "private": make_group(clerks, "Nucli reservat", "private"),
    }
    for group in groups.values():
        join(group, people["marta"], role=Role.COORDINATOR)
        join(group, people["pau"])
    join(groups["private"], people["ines"], state=State.INVITED)
    join(groups["moderated"], people["quim"], state=State.REQUESTED)
    topics = {
        "open": make_topic(groups["open"], people["marta"], "Plecs de contractació"),
        "moderated": make_topic(groups["moderated"], people["marta"], "Altes al padró"),
        "private": make_topic(
            groups["private"], people["pau"], SECRET_TITLE, SECRET_BODY
        ),
    }
    posts = {
        key: make_post(topic, people["marta"], f"{SECRET_REPLY} ({key})")
        for key, topic in topics.items()
    }
    # What the fixture's topics notified is out of the way.
    Notification.objects.update(sent_at=timezone.now())
    return {"groups": groups, "topics": topics, "posts": posts, **people}


def client_for(member=None) -> Client:
    client = Client()
    if member is not None:
        client.force_login(member.user)
    return client


def outsiders(world):
    """A stranger, a signed-in member of no group, and someone only invited."""
    return {
        "anonymous": client_for(),
        "stranger": client_for(world["stranger"]),
        "invited": client_for(world["ines"]),
    }


def forum_urls(topic, post):
    category = topic.category.slug
    return {
        "category": ("get", reverse("community:forum_category", args=[category])),
        "new topic": ("get", reverse("community:forum_new_topic", args=[category])),
        "post new topic": (
            "post",
            reverse("community:forum_new_topic", args=[category]),
        ),
        "topic": ("get", reverse("community:forum_topic", args=[topic.pk])),
        "topic page 2": (
            "get",
            reverse("community:forum_topic", args=[topic.pk]) + "?page=2",
        ),
        "reply": ("post", reverse("community:forum_reply", args=[topic.pk])),
        "reply permalink": ("get", reverse("community:forum_post", args=[post.pk])),
        "pin": ("post", reverse("community:forum_topic_manage", args=[topic.pk])),
        "follow topic": ("post", reverse("community:follow", args=["topic", topic.pk])),
        "follow group": (
            "post",
            reverse("community:follow", args=["category", topic.category_id]),
        ),
        **{
            f"{action} {kind}": (
                "get",
                reverse(f"community:forum_{kind}_{action}", args=[item.pk]),
            )
            for kind, item in (("topic", topic), ("post", post))
            for action in ("edit", "delete", "report")
        },
        **{
            f"post {action} {kind}": (
                "post",
                reverse(f"community:forum_{kind}_{action}", args=[item.pk]),
            )
            for kind, item in (("topic", topic), ("post", post))
            for action in ("edit", "delete", "report")
        },
    }


DATA = {
    "title": "Intrús",
    "body": "Missatge d'un intrús",
    "action": "pin",
    "reason": "spam",
}


# Leaks ----------------------------------------------------------------------------


def test_no_forum_url_shows_a_private_groups_topic_to_outsiders(world):
    topic, post = world["topics"]["private"], world["posts"]["private"]
    topics_before, posts_before = Topic.objects.count(), Post.objects.count()
    for who, client in outsiders(world).items():
        for name, (method, url) in forum_urls(topic, post).items():
            response = getattr(client, method)(url, DATA)
            body = response.content.decode()
            assert SECRET_TITLE not in body, (who, name)
            assert SECRET_BODY not in body, (who, name)
            assert "Nucli reservat" not in body, (who, name)
            if who == "anonymous" and response.status_code == 302:
                # Sign-in first, on the views that need it: nothing said.
                assert response["Location"].startswith(reverse("account_login")), name
            else:
                assert response.status_code == 404, (who, name, response.status_code)
    topic.refresh_from_db()
    assert not topic.pinned
    assert (Topic.objects.count(), Post.objects.count()) == (
        topics_before,
        posts_before,
    )
    assert not Report.objects.exists()
    assert not Follow.objects.filter(
        member__in=[world["stranger"], world["ines"]]
    ).exists()


def test_members_read_the_private_groups_topic_and_reply(world):
    topic = world["topics"]["private"]
    pau = client_for(world["pau"])
    page = pau.get(reverse("community:forum_topic", args=[topic.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET_TITLE in html and SECRET_BODY in html and SECRET_REPLY in html
    # The way back is the group, not the forum.
    group = world["groups"]["private"]
    assert f'href="{group.get_absolute_url()}"' in html
    assert 'id="reply-body"' in html
    response = pau.post(
        reverse("community:forum_reply", args=[topic.pk]), {"body": "Hi estic d'acord"}
    )
    assert response.status_code == 302
    assert topic.posts.filter(body="Hi estic d'acord", author=world["pau"]).exists()


def test_the_forums_lists_search_and_profiles_leave_group_discussions_out(world):
    """The forum home, its search, the project files' "Discussed in the forum"
    and an author's public profile: a private group's topic nowhere for
    outsiders; the forum's lists hold no group at all."""
    secret = world["topics"]["private"]
    word = "confidencial"
    for who, client in outsiders(world).items():
        home = client.get(reverse("community:forum")).content.decode()
        assert "Nucli reservat" not in home and "Contractació oberta" not in home
        found = client.get(reverse("community:forum_search"), {"q": word})
        assert found.status_code == 200
        assert SECRET_TITLE not in found.content.decode(), who
        profile = client.get(
            reverse("community:member_profile", args=[world["pau"].pk])
        ).content.decode()
        assert SECRET_TITLE not in profile, who
    # Pau, a member, finds his own topic on his profile.
    profile = client_for(world["pau"]).get(
        reverse("community:member_profile", args=[world["pau"].pk])
    )
    assert SECRET_TITLE in profile.content.decode()
    # The forum's search never holds group discussions, even open ones.
    assert forum.categories_with_stats()
    assert all(c.listed for c in forum.categories_with_stats())
    assert secret.category_id not in {c.pk for c in forum.categories_with_stats()}
    hits = client_for(world["pau"]).get(
        reverse("community:forum_search"), {"q": "contractació"}
    )
    assert "Plecs de contractació" not in hits.content.decode()


def test_a_project_file_never_lists_a_groups_topic_as_discussed_in_the_forum(
    world, project_page
):
    secret = world["topics"]["private"]
    secret.projects.add(project_page)
    world["topics"]["open"].projects.add(project_page)
    assert forum.topics_mentioning(project_page.pk) == []
    html = Client().get(project_page.url).content.decode()
    assert SECRET_TITLE not in html


def test_machine_outputs_carry_no_group_discussion(world, site_pages):
    """Sitemaps, robots.txt, the feeds, open data and the API."""
    client = Client()
    urls = [
        "/sitemap.xml",
        "/robots.txt",
        reverse("feeds:projects_rss"),
        reverse("feeds:projects_atom"),
        reverse("opendata_json"),
        reverse("opendata_csv"),
        "/api/v2/pages/",
    ]
    index = client.get("/sitemap.xml").content.decode()
    urls += [
        url.replace("http://localhost", "")
        for url in re.findall(r"<loc>([^<]+)</loc>", index)
    ]
    for url in urls:
        response = client.get(url)
        raw = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        body = raw.decode(errors="replace")
        assert response.status_code in (200, 404), (url, response.status_code)
        for text in (SECRET_TITLE, SECRET_BODY, "Plecs de contractació"):
            assert text not in body, url
        assert world["topics"]["private"].category.slug not in body, url


# Reading and posting rights -------------------------------------------------------


@pytest.mark.parametrize("kind", ["open", "moderated"])
def test_anyone_reads_an_open_or_moderated_groups_topics_only_members_post(world, kind):
    topic = world["topics"][kind]
    group = world["groups"][kind]
    readers = {
        "anonymous": client_for(),
        "stranger": client_for(world["stranger"]),
        "asked to join": client_for(world["quim"]),
    }
    for who, client in readers.items():
        page = client.get(reverse("community:forum_topic", args=[topic.pk]))
        assert page.status_code == 200, who
        html = page.content.decode()
        assert topic.title in html and SECRET_REPLY in html
        assert 'id="reply-body"' not in html, who
        if who != "anonymous":
            assert "Només els membres de «" in html
            refused = client.post(
                reverse("community:forum_reply", args=[topic.pk]), {"body": "Jo també"}
            )
            assert refused.status_code == 403
            assert "Només els membres de «" in refused.content.decode()
            new = client.post(
                reverse("community:forum_new_topic", args=[topic.category.slug]),
                {"title": "Tema d'intrús", "body": "Hola"},
            )
            assert new.status_code == 403
    assert not Post.objects.filter(body="Jo també").exists()
    assert not Topic.objects.filter(title="Tema d'intrús").exists()
    # The group's page shows the topic to a stranger, without "New topic".
    html = client_for(world["stranger"]).get(group.get_absolute_url()).content.decode()
    assert topic.title in html
    assert reverse("community:forum_new_topic", args=[topic.category.slug]) not in html


def test_a_member_starts_a_topic_from_the_group_page(world):
    group = world["groups"]["open"]
    pau = client_for(world["pau"])
    html = pau.get(group.get_absolute_url()).content.decode()
    new_topic = reverse("community:forum_new_topic", args=[group.forum_category.slug])
    assert f'href="{new_topic}"' in html
    form = pau.get(new_topic)
    assert form.status_code == 200
    assert f'href="{group.get_absolute_url()}"' in form.content.decode()
    response = pau.post(
        new_topic, {"title": "Models de plec", "body": "Compartim els nostres?"}
    )
    assert response.status_code == 302
    topic = Topic.objects.get(title="Models de plec")
    assert topic.category == group.forum_category
    assert topic.author == world["pau"]
    assert "Models de plec" in pau.get(group.get_absolute_url()).content.decode()


def test_the_private_group_page_says_nothing_of_discussions_to_the_invited(world):
    group = world["groups"]["private"]
    invited = client_for(world["ines"]).get(group.get_absolute_url())
    assert invited.status_code == 200  # invited people see the group to accept
    assert SECRET_TITLE not in invited.content.decode()
    assert 'id="discussions"' not in invited.content.decode()
    member = client_for(world["pau"]).get(group.get_absolute_url())
    assert SECRET_TITLE in member.content.decode()


def test_leaving_a_private_group_closes_its_discussions(world):
    group, topic = world["groups"]["private"], world["topics"]["private"]
    steps.leave(group, world["pau"])
    pau = client_for(world["pau"])
    assert pau.get(reverse("community:forum_topic", args=[topic.pk])).status_code == 404
    response = pau.post(
        reverse("community:forum_reply", args=[topic.pk]), {"body": "Encara hi sóc?"}
    )
    assert response.status_code == 404
    assert not Post.objects.filter(body="Encara hi sóc?").exists()


# Coordinators ---------------------------------------------------------------------


def manage(client, topic, action):
    return client.post(
        reverse("community:forum_topic_manage", args=[topic.pk]), {"action": action}
    )


def test_coordinators_pin_and_lock_their_groups_topics(world):
    topic = world["topics"]["open"]
    marta = client_for(world["marta"])
    page = marta.get(reverse("community:forum_topic", args=[topic.pk]))
    assert 'value="pin"' in page.content.decode()
    assert manage(marta, topic, "pin").status_code == 302
    assert manage(marta, topic, "lock").status_code == 302
    topic.refresh_from_db()
    assert topic.pinned and topic.locked
    page = marta.get(reverse("community:forum_topic", args=[topic.pk]))
    assert "El tema és tancat: no admet respostes noves." in page.content.decode()
    # Locked: not even a member replies.
    refused = client_for(world["pau"]).post(
        reverse("community:forum_reply", args=[topic.pk]), {"body": "Una més"}
    )
    assert refused.status_code == 403
    assert not Post.objects.filter(body="Una més").exists()
    # Pinned first on the group's page.
    later = make_topic(world["groups"]["open"], world["pau"], "Un tema més nou")
    html = marta.get(world["groups"]["open"].get_absolute_url()).content.decode()
    assert html.index(topic.title) < html.index(later.title)
    manage(marta, topic, "unlock")
    manage(marta, topic, "unpin")
    topic.refresh_from_db()
    assert not topic.pinned and not topic.locked


def test_members_and_other_groups_coordinators_cannot_pin_or_lock(world, people):
    topic = world["topics"]["open"]
    elsewhere = make_group(world["groups"]["open"].community, "Altre grup", "open")
    other = make_member("Coordinador d'un altre grup")
    join(elsewhere, other, role=Role.COORDINATOR)
    for member in (world["pau"], world["stranger"], other):
        client = client_for(member)
        page = client.get(reverse("community:forum_topic", args=[topic.pk]))
        assert 'value="pin"' not in page.content.decode()
        assert manage(client, topic, "pin").status_code == 403
        assert manage(client, topic, "lock").status_code == 403
    topic.refresh_from_db()
    assert not topic.pinned and not topic.locked


def test_moderators_keep_their_powers_in_group_discussions(world, admin_user):
    topic = world["topics"]["private"]
    moderator = Client()
    moderator.force_login(admin_user)
    assert (
        moderator.get(reverse("community:forum_topic", args=[topic.pk])).status_code
        == 200
    )
    assert manage(moderator, topic, "lock").status_code == 302
    topic.refresh_from_db()
    assert topic.locked


def test_reports_in_a_group_reach_the_moderation_queue(world):
    post = world["posts"]["open"]
    reporter = client_for(world["pau"])
    response = reporter.post(
        reverse("community:forum_post_report", args=[post.pk]),
        {"reason": "offensive"},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.target == post
    assert report.reporter == world["pau"]


# The group's forum category -------------------------------------------------------


def test_a_new_group_gets_its_discussions_named_after_it(people):
    clerks = Community.objects.create(name="Tresorers", slug="tresorers")
    group = make_group(clerks, "Factures electròniques", "open")
    group.refresh_from_db()
    category = group.forum_category
    assert category is not None and not category.listed
    assert category.name == "Factures electròniques"
    with translation.override("es"):
        assert ForumCategory.objects.get(pk=category.pk).name == (
            "Factures electròniques (es)"
        )
    # Renaming the group renames its discussions; saving again makes no other.
    group.name = "e-Factures"
    group.save()
    assert ForumCategory.objects.get(pk=category.pk).name == "e-Factures"
    assert ForumCategory.objects.filter(listed=False).count() == 1


def test_older_groups_get_their_discussions_from_the_migration(people):
    import importlib

    from django.apps import apps

    clerks = Community.objects.create(name="Tresorers", slug="tresorers")
    group = make_group(clerks, "Factures", "open")
    old_category = group.forum_category
    InterestGroup.objects.filter(pk=group.pk).update(forum_category=None)
    old_category.delete()
    migration = importlib.import_module(
        "practice.migrations.0003_group_forum_categories"
    )
    migration.create_categories(apps, None)
    group.refresh_from_db()
    assert group.forum_category is not None
    assert not group.forum_category.listed
    assert group.forum_category.name == "Factures"


# Following and digests ------------------------------------------------------------


def test_joining_follows_the_group_and_leaving_stops_it(world):
    group = world["groups"]["open"]
    newcomer = make_member("Nou Membre")
    category = group.forum_category
    assert not is_following(newcomer.user_id, category)
    steps.join(group, newcomer)
    assert is_following(newcomer.user_id, category)
    steps.leave(group, newcomer)
    assert not is_following(newcomer.user_id, category)
    # Accepted after asking: follows from then on.
    moderated = world["groups"]["moderated"]
    quim = Membership.objects.get(group=moderated, member=world["quim"])
    assert not is_following(world["quim"].user_id, moderated.forum_category)
    steps.accept(moderated, world["marta"], quim.pk)
    assert is_following(world["quim"].user_id, moderated.forum_category)


def test_a_member_who_unfollowed_stays_unfollowed_when_promoted(world):
    group = world["groups"]["open"]
    pau = Membership.objects.get(group=group, member=world["pau"])
    client_for(world["pau"]).post(
        reverse("community:follow", args=["category", group.forum_category_id]),
        {"action": "unfollow"},
    )
    assert not is_following(world["pau"].user_id, group.forum_category)
    steps.set_role(group, world["marta"], pau.pk, Role.COORDINATOR)
    assert not is_following(world["pau"].user_id, group.forum_category)


def test_a_followers_digest_has_the_groups_new_topics(world):
    pau = world["pau"]
    pau.frequency = Frequency.DAILY
    pau.save()
    mail.outbox.clear()
    make_topic(world["groups"]["open"], world["marta"], "Calendari de licitacions")
    make_topic(world["groups"]["private"], world["marta"], "Ordre del dia reservat")
    call_command("send_digests", "daily")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [pau.user.email]  # Marta wrote them: not to her
    assert "Calendari de licitacions" in digest.body
    assert "Contractació oberta" in digest.body  # the group, named
    assert "Ordre del dia reservat" in digest.body
    assert "Nucli reservat" in digest.body


def test_after_leaving_a_private_group_its_topics_are_not_sent(world, commit):
    """Pending notifications of a private group's topics are checked when the
    email goes: someone who left (or was removed) gets none, even through a
    topic they still follow."""
    pau, marta = world["pau"], world["marta"]
    pau.frequency = Frequency.DAILY
    pau.save()
    private, secret = world["groups"]["private"], world["topics"]["private"]
    following.follow(pau, secret)  # he started it
    make_topic(private, marta, "Nou tema reservat")
    make_post(secret, marta, "Nova resposta reservada")
    assert Notification.objects.filter(member=pau, sent_at__isnull=True).count() == 2
    membership = Membership.objects.get(group=private, member=pau)
    steps.remove(private, marta, membership.pk)
    mail.outbox.clear()
    call_command("send_digests", "daily")
    assert mail.outbox == []
    assert not Notification.objects.filter(member=pau, sent_at__isnull=True).exists()
    # Immediately: the same check.
    ines = world["ines"]
    ines.frequency = Frequency.IMMEDIATELY
    ines.save()
    steps.join(private, ines)  # accepts the invitation: follows the group
    commit(make_topic, private, marta, "Per als membres d'ara")
    assert [m.to for m in mail.outbox] == [[ines.user.email]]
    mail.outbox.clear()
    following.follow(ines, secret)  # as if she had replied in it
    steps.leave(private, ines)
    commit(make_topic, private, marta, "Després de marxar")
    commit(make_post, secret, marta, "Resposta després de marxar")
    assert mail.outbox == []


def test_the_following_page_shows_a_private_group_to_its_members_only(world):
    private = world["groups"]["private"]
    following.follow(world["pau"], world["topics"]["private"])
    pau = client_for(world["pau"])
    page = pau.get(reverse("community:following")).content.decode()
    assert "Nucli reservat" in page and SECRET_TITLE in page
    assert "(grup d’interès)" in page
    steps.leave(private, world["pau"])
    page = pau.get(reverse("community:following")).content.decode()
    assert "Nucli reservat" not in page
    assert SECRET_TITLE not in page  # the topic he started, still followed


# Data protection ------------------------------------------------------------------


def test_group_topics_and_replies_are_in_the_members_data_download(world):
    data = member_data(world["pau"].user)
    assert {
        "title": SECRET_TITLE,
        "category": "Nucli reservat",
    }.items() <= next(t for t in data["topics"] if t["title"] == SECRET_TITLE).items()
    replies = member_data(world["marta"].user)["posts"]
    assert any(p["topic"] == SECRET_TITLE for p in replies)
    json.dumps(data)  # the download is JSON


def test_deleting_an_account_anonymises_group_contributions(world):
    topic = world["topics"]["private"]
    delete_account(world["pau"].user)
    topic.refresh_from_db()
    assert topic.author is None and topic.status == Status.VISIBLE
    marta = client_for(world["marta"])
    html = marta.get(reverse("community:forum_topic", args=[topic.pk])).content
    assert "membre eliminat" in html.decode()
    assert "Pau Membre" not in html.decode()


# Demo -------------------------------------------------------------------------------


def test_the_demo_groups_have_discussions_in_three_languages_once():
    from community.demo import CommunitySummary, ensure_members
    from practice import demo

    ensure_members(CommunitySummary())
    demo.load()
    demo.load()
    topics = Topic.objects.filter(category__listed=False)
    assert topics.count() == 5
    assert Post.objects.filter(topic__in=topics).count() == 7
    titles = set(topics.values_list("title", flat=True))
    assert "Publishing real-time bus data: GTFS-RT experiences?" in titles  # en
    assert "¿Qué licencia ponéis por defecto a los conjuntos de datos?" in titles
    assert "Benvinguts: com arxiveu els expedients tancats?" in titles
    open_group = InterestGroup.objects.get(slug="expedient-electronic")
    html = Client().get(open_group.get_absolute_url()).content.decode()
    assert "Benvinguts: com arxiveu els expedients tancats?" in html
    private = Topic.objects.get(category__interest_group__slug="secretaries-agrupades")
    assert (
        Client().get(reverse("community:forum_topic", args=[private.pk])).status_code
        == 404
    )


def test_a_newcomers_first_topic_in_a_group_waits_for_a_moderator(
    world, settings, admin_user
):
    """Held first contributions, as in the forum: only the author sees the
    topic until a moderator approves it; then the group's followers hear of
    it."""
    from community import moderation

    settings.COMMUNITY = {**settings.COMMUNITY, "HOLD_FIRST_CONTRIBUTIONS": 2}
    group = world["groups"]["open"]
    newcomer = make_member("Nova Secretària")
    steps.join(group, newcomer)
    client = client_for(newcomer)
    client.post(
        reverse("community:forum_new_topic", args=[group.forum_category.slug]),
        {"title": "Primer tema de la nouvinguda", "body": "Hola a tothom"},
    )
    topic = Topic.objects.get(title="Primer tema de la nouvinguda")
    assert topic.status == Status.HELD
    assert "Primer tema" in client.get(group.get_absolute_url()).content.decode()
    others = client_for(world["pau"]).get(group.get_absolute_url()).content.decode()
    assert "Primer tema" not in others
    assert not Notification.objects.filter(key=f"topic:{topic.pk}").exists()
    moderation.approve(topic, admin_user)
    others = client_for(world["pau"]).get(group.get_absolute_url()).content.decode()
    assert "Primer tema de la nouvinguda" in others
    assert Notification.objects.filter(
        key=f"topic:{topic.pk}", member=world["pau"]
    ).exists()
