"""The community's part of the demo (``load_demo_data``): members, forum topics
with replies, and comment threads on project files, so that a newcomer sees what
members do. Found again on a second run (members by user name, topics by title,
threads by their first comment), so nothing is doubled.

The words are in ``demo_data/``: ``members.json`` (who they are, where they work),
``forum.json`` (topics in several categories, in Catalan, Spanish and English,
each with its replies) and ``comments.json`` (threads by language, each posted on
a project file of that language). Everything is created visible, as a moderator
would have approved it, through the app's own models (the counters and caches
follow through their signals). A fixed amount, whatever ``--count``.

Demo members cannot sign in: their accounts have no usable password.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from project_pages.demo import DemoContent
from project_pages.models import Entity, ProjectPage

from .models import Comment, ForumCategory, Member, Post, Status, Topic

DATA = Path(__file__).resolve().parent / "demo_data"
USERNAME_PREFIX = "demo-"
EMAIL_DOMAIN = "membres.observatori.example"


def read(name: str) -> Any:
    """The parsed content of ``demo_data/<name>``."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass
class CommunitySummary:
    members: int = 0
    topics: int = 0
    replies: int = 0
    comments: int = 0


def _ago(days: int, hours: int = 0) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, hours=hours)


def ensure_members(summary: CommunitySummary) -> dict[str, Member]:
    """The demo members by key, created once (found again by user name)."""
    User = get_user_model()
    members = {}
    for entry in read("members.json"):
        username = f"{USERNAME_PREFIX}{entry['key']}"
        member = Member.objects.filter(user__username=username).first()
        if member is None:
            user = User(username=username, email=f"{entry['key']}@{EMAIL_DOMAIN}")
            user.set_unusable_password()
            user.save()
            member = Member.objects.create(
                user=user,
                display_name=entry["display_name"],
                entity=Entity.objects.filter(municipality=entry["municipality"])
                .order_by("pk")
                .first(),
                role=entry["role"],
                bio=entry["bio"],
                language=entry["language"],
                verified=entry["verified"],
                created_at=_ago(entry["joined_days_ago"]),
            )
            summary.members += 1
        members[entry["key"]] = member
    return members


def _project_with_tag(tag: str | None) -> list[ProjectPage]:
    if not tag:
        return []
    page = (
        ProjectPage.objects.live()
        .filter(locale__language_code="ca", tags__name=tag)
        .order_by("path")
        .first()
    )
    return [page] if page is not None else []


def ensure_topics(members: dict[str, Member], summary: CommunitySummary) -> None:
    """Forum topics with their replies (found again by title)."""
    categories = {c.slug: c for c in ForumCategory.objects.all()}
    for entry in read("forum.json"):
        category = categories.get(entry["category"]) or categories.get("general")
        if category is None or Topic.objects.filter(title=entry["title"]).exists():
            continue
        created = _ago(entry["days_ago"])
        topic = Topic.objects.create(
            category=category,
            author=members[entry["author"]],
            title=entry["title"],
            body=entry["body"],
            status=Status.VISIBLE,
            created_at=created,
            last_activity_at=created,
        )
        topic.projects.set(_project_with_tag(entry.get("project_tag")))
        summary.topics += 1
        for reply in entry["replies"]:
            # Saving a reply recounts the topic's replies and last activity.
            Post.objects.create(
                topic=topic,
                author=members[reply["author"]],
                body=reply["body"],
                status=Status.VISIBLE,
                created_at=_ago(reply["days_ago"]),
            )
            summary.replies += 1


def _post_thread(page, thread: dict, members, parent=None, depth: int = 0) -> int:
    comment = Comment.objects.create(
        page_id=page.pk,
        parent=parent,
        depth=depth,
        author=members[thread["author"]],
        body=thread["body"],
        status=Status.VISIBLE,
        created_at=_ago(thread["days_ago"]),
    )
    made = 1
    for reply in thread.get("replies", []):
        made += _post_thread(page, reply, members, comment, depth + 1)
    return made


def ensure_comments(members: dict[str, Member], summary: CommunitySummary) -> None:
    """Each language's threads, the n-th on the n-th project file of that language
    (in tree order); a thread already there (same first comment) is kept."""
    for language, threads in read("comments.json").items():
        pages = list(
            ProjectPage.objects.live()
            .filter(locale__language_code=language)
            .order_by("path")[: len(threads)]
        )
        for page, thread in zip(pages, threads, strict=False):
            if Comment.objects.filter(page=page, body=thread["body"]).exists():
                continue
            summary.comments += _post_thread(page, thread, members)


@transaction.atomic
def load(content: DemoContent | None = None) -> CommunitySummary:
    """The community's demo content; returns what was made this run."""
    summary = CommunitySummary()
    members = ensure_members(summary)
    ensure_topics(members, summary)
    ensure_comments(members, summary)
    return summary
