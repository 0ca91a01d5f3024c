"""A page's comment thread: loaded in one query, nested in Python, cached.

The whole thread of a page is one query (``select_related`` author), whatever its
size; rendered text is memoised (``rendering.render_text``). For visitors who are
not signed in, the thread's HTML is the same for all, and cached until a comment
of the page or a member changes: reading a project file costs no query and almost
no time for its comments. Signed-in members get a thread built for them (they see
their own held comments and their buttons) from the same rows, kept until a
comment of the page or a member changes (posting replaces the version at once).

What each viewer sees is decided here, in one place:
- visible comments, for everyone;
- the viewer's own held or hidden comments, with a note;
- a "comment deleted" placeholder where a comment others may not see still has
  replies they may see; nothing at all otherwise.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.caching import timeout

from .models import Comment, Member, Status
from .policy import edit_deadline
from .rendering import render_text

MEMBERS_VERSION_KEY = "community:members-version"

FIELDS = (
    "id",
    "page_id",
    "parent_id",
    "depth",
    "body",
    "status",
    "created_at",
    "edited_at",
    "author__id",
    "author__user_id",
    "author__display_name",
)


def _version(key: str) -> str:
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(key, version, timeout())
    return version


def _page_version_key(page_id: int) -> str:
    return f"community:thread-version:{page_id}"


def _bump(key: str) -> None:
    """A new version now, and again once the transaction commits: a request that
    read the old rows in between cached them under a version never read again."""

    def bump() -> None:
        cache.set(key, uuid.uuid4().hex, timeout())

    bump()
    transaction.on_commit(bump)


def forget_thread(page_id: int) -> None:
    """The comments of ``page_id`` changed: cached threads are never read again."""
    _bump(_page_version_key(page_id))


def forget_members(**_kwargs) -> None:
    """A member changed (name) or left (comments become "deleted member")."""
    _bump(MEMBERS_VERSION_KEY)


def _comment_changed(sender, instance, **kwargs) -> None:
    forget_thread(instance.page_id)


def _moderated(sender, instance, **kwargs) -> None:
    if isinstance(instance, Comment):
        forget_thread(instance.page_id)


def load_comments(page_id: int) -> list[Comment]:
    """Every comment of the page (all statuses), oldest first, text rendered:
    one query."""
    comments = list(
        Comment.objects.filter(page_id=page_id)
        .select_related("author")
        .only(*FIELDS)
        .order_by("created_at", "pk")
    )
    for comment in comments:
        comment.html = (
            render_text(comment.body) if comment.status != Status.DELETED else ""
        )
    return comments


def cached_comments(page_id: int) -> list[Comment]:
    """``load_comments``, kept until a comment of the page or a member changes: a
    signed-in member's thread is built per viewer from rows read once for all."""
    key = (
        f"community:thread-rows:{page_id}"
        f":{_version(_page_version_key(page_id))}:{_version(MEMBERS_VERSION_KEY)}"
    )
    comments = cache.get(key)
    if comments is None:
        comments = load_comments(page_id)
        cache.set(key, comments, timeout())
    return comments


def cached_for_visitors(page_id: int, language: str, render: Callable[[], str]) -> str:
    """The thread's HTML as every visitor who is not signed in sees it (the same
    for all of them), cached until a comment of the page or a member changes."""
    key = (
        f"community:thread-html:{page_id}:{language}"
        f":{_version(_page_version_key(page_id))}:{_version(MEMBERS_VERSION_KEY)}"
    )
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout())
    return html


@dataclass
class Item:
    """One comment as a viewer sees it in the thread."""

    comment: Comment
    level: int  # nesting in the rendered thread (0: top level)
    placeholder: bool = False  # "comment deleted": kept for its replies
    own: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_report: bool = False
    can_reply: bool = False
    has_children: bool = False
    closes: range = field(default_factory=lambda: range(0))


@dataclass
class Thread:
    items: list[Item]
    count: int  # visible comments: what anyone may count
    pending: int = 0  # the viewer's own comments shown to them only (held, hidden)


def build_thread(
    comments: list[Comment],
    viewer: Member | None = None,
    viewer_user_id: int | None = None,
    now: datetime | None = None,
) -> Thread:
    """Nest ``comments`` and decide what the viewer sees of each.

    ``viewer_user_id`` is enough to recognise one's own comments (no query for
    the member); ``viewer`` (when loaded) also allows editing and reporting.
    """
    now = now or timezone.now()
    user_id = viewer.user_id if viewer is not None else viewer_user_id
    children: dict[int | None, list[Comment]] = defaultdict(list)
    known = {comment.pk for comment in comments}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in known else None
        children[parent].append(comment)

    def own(comment: Comment) -> bool:
        return bool(
            user_id and comment.author is not None and comment.author.user_id == user_id
        )

    def shown(comment: Comment) -> bool:
        if comment.status == Status.VISIBLE:
            return True
        return comment.status in (Status.HELD, Status.HIDDEN) and own(comment)

    # Which comments are worth a line: shown ones, and those with a shown reply.
    keep: dict[int, bool] = {}

    def mark(comment: Comment) -> bool:
        kept = shown(comment)
        for child in children.get(comment.pk, ()):
            kept = mark(child) or kept  # every child is marked
        keep[comment.pk] = kept
        return kept

    for top in children[None]:
        mark(top)

    items: list[Item] = []

    def walk(comment: Comment, level: int) -> None:
        if not keep[comment.pk]:
            return
        is_own = own(comment)
        full = shown(comment)
        signed_in = user_id is not None
        item = Item(
            comment=comment,
            level=level,
            placeholder=not full,
            own=is_own,
            can_edit=bool(
                full
                and is_own
                and comment.status in (Status.VISIBLE, Status.HELD)
                and now <= edit_deadline(comment)
            ),
            can_delete=full and is_own,
            can_report=bool(
                full and signed_in and not is_own and comment.status == Status.VISIBLE
            ),
            can_reply=bool(full and signed_in and comment.status == Status.VISIBLE),
        )
        items.append(item)
        kept_children = [c for c in children.get(comment.pk, ()) if keep[c.pk]]
        item.has_children = bool(kept_children)
        for child in kept_children:
            walk(child, level + 1)

    for top in children[None]:
        walk(top, 0)

    # How many nested lists close after each item (for a flat template loop).
    for index, item in enumerate(items):
        if item.has_children:
            continue
        next_level = items[index + 1].level if index + 1 < len(items) else 0
        item.closes = range(item.level - next_level)

    count = sum(1 for comment in comments if comment.status == Status.VISIBLE)
    pending = sum(
        1
        for item in items
        if not item.placeholder and item.comment.status != Status.VISIBLE
    )
    return Thread(items=items, count=count, pending=pending)


def visible_counts(page_ids) -> dict[int, int]:
    """Visible comments per page, for a list of cards: one query."""
    from django.db.models import Count

    ids = [pk for pk in page_ids if pk]
    if not ids:
        return {}
    rows = (
        Comment.objects.visible()
        .filter(page_id__in=ids)
        .order_by()
        .values("page_id")
        .annotate(n=Count("pk"))
    )
    return {row["page_id"]: row["n"] for row in rows}
