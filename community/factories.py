"""Factories and small builders of members and their contributions, for tests.

``make_member``, ``make_comment`` and ``ago`` are the builders the comment and
policy tests have always used (re-exported by ``tests/comment_helpers.py``); the
factory_boy classes below build the same rows for the other tests and the
factory meta-test. A comment needs its page: pass ``page=``.
"""

import datetime
import itertools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from .models import Comment, ForumCategory, Member, Post, Status, Topic

_numbers = itertools.count(1)
PASSWORD = "Correct-horse-42"  # noqa: S105 (test accounts only)


def make_member(
    name: str = "",
    *,
    email: str = "",
    days: int = 60,
    confirmed: bool = False,
    **fields,
) -> Member:
    """A member who joined ``days`` ago (older than NEW_MEMBER_DAYS by default).

    The user's name is the part of ``email`` before the "@"; the address is made
    up when not given. ``confirmed`` also records the address as verified and
    primary, as allauth does once a member follows the confirmation link. Every
    member's password is ``PASSWORD``.
    """
    number = next(_numbers)
    name = name or f"Membre {number}"
    email = email or f"member{number}@ajuntament.example"
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD
    )
    if confirmed:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return Member.objects.create(
        user=user,
        display_name=name,
        created_at=timezone.now() - datetime.timedelta(days=days),
        **fields,
    )


def make_comment(page, author, body: str = "Un comentari", **fields) -> Comment:
    fields.setdefault("status", Status.VISIBLE)
    return Comment.objects.create(page_id=page.pk, author=author, body=body, **fields)


def ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@ajuntament.example")
    password = factory.django.Password("S3cure-pass-word")


class MemberFactory(DjangoModelFactory):
    """A member who joined sixty days ago, so no longer held as a new member."""

    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Membre {n}")
    created_at = factory.LazyFunction(lambda: ago(days=60))


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    author = factory.SubFactory(MemberFactory)
    body = "Un comentari"
    status = Status.VISIBLE


class ForumCategoryFactory(DjangoModelFactory):
    class Meta:
        model = ForumCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"categoria-{n}")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    category = factory.SubFactory(ForumCategoryFactory)
    author = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Un tema {n}")
    body = "Text del tema"
    status = Status.VISIBLE


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(MemberFactory)
    body = "Una resposta"
    status = Status.VISIBLE
