"""Small builders shared by the comment and policy tests."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.models import Comment, Member, Status

_numbers = itertools.count(1)


def make_member(name: str = "", *, days: int = 60, **fields) -> Member:
    """A member who joined ``days`` ago (older than NEW_MEMBER_DAYS by default)."""
    number = next(_numbers)
    name = name or f"Membre {number}"
    user = get_user_model().objects.create_user(
        username=f"member{number}",
        email=f"member{number}@ajuntament.example",
        password="S3cure-pass-word",
    )
    return Member.objects.create(
        user=user,
        display_name=name,
        created_at=timezone.now() - timedelta(days=days),
        **fields,
    )


def make_comment(page, author, body: str = "Un comentari", **fields) -> Comment:
    fields.setdefault("status", Status.VISIBLE)
    return Comment.objects.create(page_id=page.pk, author=author, body=body, **fields)


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)
