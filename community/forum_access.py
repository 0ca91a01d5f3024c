"""Who reads and who posts in a forum category that is not listed.

The forum's own categories (one per area, and "General") are *listed*: everyone
reads them, every signed-in member may post (``policy`` decides the rest). A
category with ``listed=False`` belongs to another app (the discussions of an
interest group of ``practice``), which decides who reads, who posts and who pins
and locks its topics. That app registers a ``CategoryAccess`` here from its
``AppConfig.ready()``: the community never imports it (the layers contract), and
asks this module instead, on every URL, list, feed and email that shows forum
content (docs/decisions/0025-group-discussions.md).

Without a registered access an unlisted category is read by nobody but the
moderators, and nobody posts in it. Moderators (``core.permissions``) keep their
site-wide powers everywhere: they read every category (they judge reports of it)
and pin and lock every topic; they do not post where the owner says no.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import is_moderator


class CategoryAccess:
    """The rules of the unlisted categories of one owner. This base class is the
    closed default; the owner overrides what it decides."""

    def can_read(self, category, user) -> bool:
        return False

    def can_post(self, category, user) -> bool:
        return False

    def can_manage(self, category, user) -> bool:
        """Pin, unpin, lock and unlock the category's topics."""
        return False

    def readable(self, user):
        """The ids of the unlisted categories ``user`` may read (a list or a
        ``values`` queryset, used as a subquery)."""
        return []

    def title(self, category) -> str | None:
        """The category's name where the forum shows one."""
        return None

    def breadcrumbs(self, category) -> list[tuple[str, str]]:
        """(label, url) pairs from the owner's pages down to the category's own
        page (the last pair), outermost first."""
        return []

    def posting_hint(self, category, user) -> str:
        """What a reader who may not post reads instead of the forms."""
        return ""

    def follow_label(self, category) -> str:
        """The follow button's words on the category's page ("" for the
        forum's own)."""
        return ""


_registered: CategoryAccess = CategoryAccess()


def register(access: CategoryAccess) -> None:
    """Make ``access`` decide for every unlisted category."""
    global _registered
    _registered = access


def current() -> CategoryAccess:
    return _registered


def may_read(category, user) -> bool:
    if category.listed or is_moderator(user):
        return True
    return _registered.can_read(category, user)


def may_post(category, user) -> bool:
    """Whether ``user`` may start topics and reply here (``policy.may_post``
    still applies: banned, suspended, too fast...)."""
    if user is None or not user.is_authenticated:
        return False
    if category.listed:
        return True
    return _registered.can_post(category, user)


def may_manage(category, user) -> bool:
    """Pin and lock topics: moderators everywhere, and whomever the owner of an
    unlisted category names (an interest group's coordinators)."""
    if is_moderator(user):
        return True
    if category.listed or user is None or not user.is_authenticated:
        return False
    return _registered.can_manage(category, user)


def readable(user, field: str = "category") -> Q:
    """A filter for rows whose ``field`` (a ForumCategory relation) ``user`` may
    read: the listed categories and the unlisted ones the owner allows."""
    if is_moderator(user):
        return Q()
    return Q(**{f"{field}__listed": True}) | Q(
        **{f"{field}__in": _registered.readable(user)}
    )


def title(category) -> str | None:
    return None if category.listed else _registered.title(category)


def breadcrumbs(category, with_category: bool = True) -> list[tuple[str, str]]:
    """The way back from a topic (``with_category``) or from the category's own
    page: the forum and the category for a listed one; what the owner says for
    an unlisted one (e.g. communities › community › group › discussions)."""
    if category.listed:
        crumbs = [(_("Forum"), reverse("community:forum"))]
        if with_category:
            url = reverse("community:forum_category", args=[category.url_slug])
            crumbs.append((category.name, url))
        return crumbs
    crumbs = _registered.breadcrumbs(category)
    return crumbs if with_category else crumbs[:-1]


def posting_hint(category, user) -> str:
    return "" if category.listed else _registered.posting_hint(category, user)


def follow_label(category) -> str:
    return "" if category.listed else _registered.follow_label(category)
