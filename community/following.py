"""Following: who follows what, and who hears about what is new.

Members follow four kinds of thing (``Follow``, generic, keyed like
``Follow.target`` keys them): a page with a comment thread (a project file or an
article, under its specific content type), a forum topic, a forum category and
an area (``project_pages.Area``, keyed by its code).

Members follow automatically what they take part in: the page they comment on,
the topic they start or reply to. The views that post call ``auto_follow``
(whatever the status: a held comment's author wants the answers too); rows
created by scripts or imports follow nothing. They unfollow with one button, on
the page or on their "Following" page.

Notifications are decided here, delivered by ``notifications``. A contribution
notifies once it is *visible*: when created visible, or when a moderator approves
it (``content_moderated``). Who hears about what:

- a comment: the followers of its page (``comment:<id>``);
- a reply in a topic: the followers of the topic (``post:<id>``);
- a new topic: the followers of its category and of the category's area
  (``topic:<id>``);
- a project file published for the first time (Wagtail's ``page_published``):
  the followers of its areas (``project:<translation key>``: the first language
  copy published notifies, its translations do not).

Never the author, never a banned member; one ``Notification`` per member and key
(a unique constraint), so nothing is notified twice. Members who chose "never"
get their rows already marked as handled (``sent_at``), so nothing piles up for
the day they change their mind. Content hidden or deleted before its
notification went out has its unsent notifications dropped (and sending checks
again, see ``notifications.resolve``).

The forum calls nothing: the receivers below (connected in community/signals.py)
act on ``Topic`` and ``Post`` rows like on comments. ``notify_new_contribution(obj)``
is public and idempotent for code that changes a status with a queryset update
(no ``post_save``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import Page

from .models import (
    Comment,
    Follow,
    ForumCategory,
    Frequency,
    Member,
    MemberStatus,
    Notification,
    Post,
    Status,
    Topic,
)

CONTRIBUTIONS: dict[str, type[models.Model]] = {
    "comment": Comment,
    "post": Post,
    "topic": Topic,
}

# The kinds of thing one can follow, as they appear in URLs.
KINDS = ("page", "topic", "category", "area")


def _area_model():
    from project_pages.models import Area

    return Area


def target_model(kind: str) -> type[models.Model] | None:
    return {
        "page": Page,
        "topic": Topic,
        "category": ForumCategory,
        "area": _area_model(),
    }.get(kind)


def kind_of(obj: models.Model) -> str:
    if isinstance(obj, Page):
        return "page"
    if isinstance(obj, Topic):
        return "topic"
    if isinstance(obj, ForumCategory):
        return "category"
    if isinstance(obj, _area_model()):
        return "area"
    raise TypeError(f"{type(obj).__name__} cannot be followed")


def target_key(obj: models.Model) -> tuple[ContentType, str]:
    """(content type, object id) of a followable object, as ``Follow.target``
    would store it (no query: pages carry their specific ``content_type_id``)."""
    kind_of(obj)  # refuses what cannot be followed
    if isinstance(obj, Page):
        # The specific type (ProjectPage, ArticlePage), as ``Follow.target`` sets it.
        if not obj.content_type_id:
            obj = Page.objects.only("content_type_id").get(pk=obj.pk)
        return ContentType.objects.get_for_id(obj.content_type_id), str(obj.pk)
    return ContentType.objects.get_for_model(type(obj)), str(obj.pk)


def follow(member: Member, obj: models.Model) -> bool:
    """Follow ``obj`` (idempotent); True when it is new."""
    content_type, object_id = target_key(obj)
    _follow, created = Follow.objects.get_or_create(
        member=member, content_type=content_type, object_id=object_id
    )
    return created


def unfollow(member: Member, obj: models.Model) -> bool:
    """Stop following ``obj`` (idempotent); True when there was something to stop."""
    content_type, object_id = target_key(obj)
    deleted, _rows = Follow.objects.filter(
        member=member, content_type=content_type, object_id=object_id
    ).delete()
    return bool(deleted)


def is_following(user_id: int | None, obj: models.Model) -> bool:
    """Whether the signed-in user follows ``obj``: one query (none without a user)."""
    if not user_id:
        return False
    content_type, object_id = target_key(obj)
    return Follow.objects.filter(
        member__user_id=user_id, content_type=content_type, object_id=object_id
    ).exists()


def followers(targets: Iterable[models.Model]):
    """Active members (not banned, account active) who follow any of ``targets``."""
    condition = models.Q(pk__in=[])
    for obj in targets:
        content_type, object_id = target_key(obj)
        condition |= models.Q(content_type=content_type, object_id=object_id)
    follows = Follow.objects.filter(condition).values("member_id")
    return (
        Member.objects.filter(pk__in=follows, user__is_active=True)
        .exclude(status=MemberStatus.BANNED)
        .only("pk", "frequency")
    )


def followed_targets(member: Member) -> list[tuple[str, models.Model]]:
    """What a member follows, as (kind, object) pairs; gone objects are skipped."""
    by_type: dict[int, list[str]] = {}
    for content_type_id, object_id in member.follows.values_list(
        "content_type_id", "object_id"
    ):
        by_type.setdefault(content_type_id, []).append(object_id)
    found: list[tuple[str, models.Model]] = []
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if model is Page:
            queryset = queryset.live().specific()
        elif model is Topic:
            queryset = queryset.select_related("category")
        for obj in queryset:
            found.append((kind_of(obj), obj))
    order = {kind: index for index, kind in enumerate(KINDS)}
    found.sort(key=lambda pair: (order[pair[0]], str(pair[1]).lower()))
    return found


# Notifications -------------------------------------------------------------------


def key_for(obj: models.Model) -> str:
    for name, model in CONTRIBUTIONS.items():
        if isinstance(obj, model):
            return f"{name}:{obj.pk}"
    raise TypeError(f"{type(obj).__name__} is not a contribution")


def audience(obj: models.Model) -> list[models.Model]:
    """What one follows to hear about ``obj``."""
    if isinstance(obj, Comment):
        return [obj.page]
    if isinstance(obj, Post):
        return [Topic(pk=obj.topic_id)]
    if isinstance(obj, Topic):
        category = obj.category
        targets: list[models.Model] = [category]
        if category.area_id:
            targets.append(_area_model()(code=category.area_id))
        return targets
    raise TypeError(f"{type(obj).__name__} is not a contribution")


def create_notifications(
    key: str, targets: Iterable[models.Model], exclude_member_id: int | None = None
) -> list[int]:
    """A notification ``key`` for every follower of ``targets`` but the author;
    returns the members to email right away (once committed)."""
    members = followers(targets)
    if exclude_member_id:
        members = members.exclude(pk=exclude_member_id)
    now = timezone.now()
    rows = []
    immediate = []
    for member in members:
        never = member.frequency == Frequency.NEVER
        rows.append(
            Notification(member=member, key=key, sent_at=now if never else None)
        )
        if member.frequency == Frequency.IMMEDIATELY:
            immediate.append(member.pk)
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if immediate:
        from .notifications import send_soon

        send_soon(immediate)
    return immediate


def notify_new_contribution(obj: models.Model) -> list[int]:
    """Notify the followers of what ``obj`` (a visible comment, reply or topic)
    was posted in. Does nothing for content others may not see; safe to call
    again (a member never gets the same key twice)."""
    if obj.status != Status.VISIBLE:
        return []
    return create_notifications(key_for(obj), audience(obj), obj.author_id)


def drop_unsent(obj: models.Model) -> int:
    """``obj`` is no longer visible: what was not sent about it never will be."""
    deleted, _rows = Notification.objects.filter(
        key=key_for(obj), sent_at__isnull=True
    ).delete()
    return deleted


def notify_project_published(page) -> list[int]:
    """A project file went live for the first time: the followers of its areas."""
    areas = list(page.areas.all())
    if not areas:
        return []
    return create_notifications(f"project:{page.translation_key}", areas)


# Receivers -----------------------------------------------------------------------


def auto_follow(obj: models.Model) -> None:
    """The author of a new comment, topic or reply follows what it belongs to
    (called by the views that post; idempotent)."""
    if obj.author_id is None:
        return
    if isinstance(obj, Comment):
        target: models.Model = obj.page
    elif isinstance(obj, Post):
        target = Topic(pk=obj.topic_id)
    else:
        target = obj
    content_type, object_id = target_key(target)
    Follow.objects.get_or_create(
        member_id=obj.author_id, content_type=content_type, object_id=object_id
    )


def _contribution_saved(
    sender, instance, created: bool, raw=False, update_fields=None, **kwargs
) -> None:
    if raw:
        return  # fixtures
    if not created and update_fields is not None and "status" not in update_fields:
        return  # an edit: its followers heard of it when it appeared
    if instance.status == Status.VISIBLE:
        notify_new_contribution(instance)
    elif not created:
        drop_unsent(instance)


def _moderated(sender, instance, **kwargs) -> None:
    if not isinstance(instance, tuple(CONTRIBUTIONS.values())):
        return
    with transaction.atomic():
        if instance.status == Status.VISIBLE:
            notify_new_contribution(instance)
        else:
            drop_unsent(instance)


def _page_published(sender, instance, **kwargs) -> None:
    from project_pages.models import ProjectPage

    if not isinstance(instance, ProjectPage):
        return
    first, last = instance.first_published_at, instance.last_published_at
    if first is None or (last is not None and last != first):
        return  # published before: its followers heard of it then
    notify_project_published(instance)
