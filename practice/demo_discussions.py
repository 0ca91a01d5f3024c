"""A few discussions in the demo groups (``load_demo_data``): topics with
replies in Catalan, Spanish and English, one pinned, one in the private group,
written by the groups' own demo members (``demo_data/discussions.json``).
Found again by title on a second run, so nothing is doubled."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from community.demo import USERNAME_PREFIX
from community.models import Member, Post, Status, Topic

from .demo import read
from .discussions import ensure_category
from .models import InterestGroup


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@transaction.atomic
def load() -> int:
    """The demo topics and their replies; returns the topics made this run."""
    members = {
        member.user.username.removeprefix(USERNAME_PREFIX): member
        for member in Member.objects.filter(
            user__username__startswith=USERNAME_PREFIX
        ).select_related("user")
    }
    made = 0
    for entry in read("discussions.json"):
        group = InterestGroup.objects.filter(
            community__slug=entry["community"], slug=entry["group"]
        ).first()
        author = members.get(entry["author"])
        if group is None or author is None:
            continue
        category = ensure_category(group)
        if Topic.objects.filter(category=category, title=entry["title"]).exists():
            continue
        created = _ago(entry["days_ago"])
        topic = Topic.objects.create(
            category=category,
            author=author,
            title=entry["title"],
            body=entry["body"],
            status=Status.VISIBLE,
            pinned=entry.get("pinned", False),
            created_at=created,
            last_activity_at=created,
        )
        made += 1
        for reply in entry["replies"]:
            if reply["author"] not in members:
                continue
            # Saving a reply recounts the topic's replies and last activity.
            Post.objects.create(
                topic=topic,
                author=members[reply["author"]],
                body=reply["body"],
                status=Status.VISIBLE,
                created_at=_ago(reply["days_ago"]),
            )
    return made
