"""The discussions section of a group's page (templates/practice/
_group_discussions.html). Topics and replies themselves are the forum's pages
(community/views_forum.py), which ask ``practice.discussions.GroupAccess`` who
may read, post, pin and lock; this only gathers what the group page shows: the
latest topics, the "New topic" button for members, the follow button."""

from __future__ import annotations

from django.http import HttpRequest

from . import discussions
from .models import InterestGroup, Membership, State

RECENT_TOPICS = 5


def group_discussions(
    request: HttpRequest, group: InterestGroup, own: Membership | None
) -> dict:
    """Context for the group page: nothing about the discussions (not even
    that there are some) for those who may not read them."""
    if not group.content_visible_to(own):
        return {"discussions": None}
    category = discussions.ensure_category(group)
    is_member = own is not None and own.state == State.MEMBER
    return {
        "discussions": {
            "category": category,
            "topics": discussions.recent_topics(group, request.user, RECENT_TOPICS),
            "can_post": is_member,
        }
    }
