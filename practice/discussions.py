"""A group's discussions: the forum's machinery (topics, replies, moderation,
reports, following, digests), in a forum category of the group's own.

Each interest group has a ``community.ForumCategory`` with ``listed=False``
(``InterestGroup.forum_category``), made with the group (``ensure_category``,
called when a group is saved and by the group page for older rows). The forum's
views, templates and forms are the community's; they ask ``GroupAccess``, which
``PracticeConfig.ready`` registers with ``community.forum_access``, who may read,
post, pin and lock there:

- read: everyone in an open or moderated group; in a private group its members
  only (not the people invited, not those who asked);
- start topics and reply: the group's members;
- pin and lock: the group's coordinators (moderators everywhere, as ever).

Members who join follow the group (its category) and stop following it when
they leave or are removed (``follow_on_join``/``unfollow_on_leave``, connected in
``practice.signals``). See docs/decisions/0025-group-discussions.md.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from community import following
from community.forum_access import CategoryAccess
from community.models import Follow, ForumCategory, Member

from .models import InterestGroup, Membership, Role, State, Visibility

# Categories of groups come after the forum's own (area ones and "General").
CATEGORY_ORDER = 1000


def category_slug(group: InterestGroup) -> str:
    """Stable whatever the group is renamed to (its number, not its name)."""
    return f"grup-{group.pk}"


def ensure_category(group: InterestGroup) -> ForumCategory:
    """The group's forum category, made now if the group has none yet."""
    if group.forum_category_id:
        return group.forum_category
    with transaction.atomic():
        # Only the group's row is locked (PostgreSQL refuses FOR UPDATE on the
        # nullable side of the join a select_related would add).
        locked = InterestGroup.objects.select_for_update().get(pk=group.pk)
        if locked.forum_category_id is None:
            slug = category_slug(group)
            taken = ForumCategory.objects.filter(slug=slug).exists()
            if taken:  # an old group's category kept for its topics
                slug = f"{slug}-{uuid.uuid4().hex[:8]}"
            category = ForumCategory.objects.create(
                slug=slug, listed=False, order=CATEGORY_ORDER
            )
            InterestGroup.objects.filter(pk=group.pk).update(forum_category=category)
            locked.forum_category = category
        group.forum_category = locked.forum_category
    return group.forum_category


def group_of(category: ForumCategory) -> InterestGroup | None:
    """The group that owns ``category`` (remembered on the instance)."""
    if not hasattr(category, "_practice_group"):
        category._practice_group = (
            InterestGroup.objects.select_related("community")
            .filter(forum_category=category)
            .first()
        )
    return category._practice_group


def _membership(category: ForumCategory, user) -> Membership | None:
    """The user's membership (state member) of the owning group, or None;
    remembered on the category instance for the rest of the request."""
    if user is None or not user.is_authenticated:
        return None
    cache = category.__dict__.setdefault("_practice_members", {})
    if user.pk not in cache:
        group = group_of(category)
        cache[user.pk] = (
            None
            if group is None
            else Membership.objects.filter(
                group=group, member__user=user, state=State.MEMBER
            ).first()
        )
    return cache[user.pk]


class GroupAccess(CategoryAccess):
    """Who reads, posts, pins and locks in a group's discussions."""

    def can_read(self, category, user) -> bool:
        group = group_of(category)
        if group is None:
            return False  # a deleted group's leftovers: moderators only
        if not group.is_private:
            return True
        return _membership(category, user) is not None

    def can_post(self, category, user) -> bool:
        return _membership(category, user) is not None

    def can_manage(self, category, user) -> bool:
        membership = _membership(category, user)
        return membership is not None and membership.role == Role.COORDINATOR

    def readable(self, user):
        public = Q(visibility__in=[Visibility.OPEN, Visibility.MODERATED])
        if user is not None and user.is_authenticated:
            public |= Q(
                pk__in=Membership.objects.filter(
                    member__user=user, state=State.MEMBER
                ).values("group_id")
            )
        return (
            InterestGroup.objects.filter(forum_category__isnull=False)
            .filter(public)
            .values("forum_category_id")
        )

    def title(self, category) -> str | None:
        group = group_of(category)
        return group.title if group is not None else None

    def breadcrumbs(self, category) -> list[tuple[str, str]]:
        group = group_of(category)
        here = (
            _("Discussions"),
            reverse("community:forum_category", args=[category.slug]),
        )
        if group is None:
            return [here]
        return [
            (_("Communities of practice"), reverse("practice:index")),
            (group.community.title, group.community.get_absolute_url()),
            (group.title, group.get_absolute_url()),
            here,
        ]

    def posting_hint(self, category, user) -> str:
        group = group_of(category)
        if group is None:
            return ""
        return _(
            "Only the members of “%(group)s” start topics and reply. Join the "
            "group from its page to take part."
        ) % {"group": group.title}

    def follow_label(self, category) -> str:
        return _("Follow this group")


# Following the group ------------------------------------------------------------


def follow_group(member: Member, group: InterestGroup) -> None:
    following.follow(member, ensure_category(group))


def unfollow_group(member_id: int, group: InterestGroup) -> None:
    if group.forum_category_id is None:
        return
    content_type, object_id = following.target_key(
        ForumCategory(pk=group.forum_category_id)
    )
    Follow.objects.filter(
        member_id=member_id, content_type=content_type, object_id=object_id
    ).delete()


def recent_topics(group: InterestGroup, user, limit: int = 5):
    """The group's latest topics as ``user`` sees them, pinned ones first."""
    from community import forum

    return list(forum.topics_for(ensure_category(group), user)[:limit])
