"""Every signal receiver of the community, connected in one place when the app is
ready (``CommunityConfig.ready``), in the order they run.

The receivers live next to what they keep in step: cached comment threads
(``threads``), follows and notifications (``following``), the forum's counters and
cached lists (``forum``) and the forum's full-text index (``search_index``).
Moderation decisions are made with queryset updates, which send no ``post_save``:
``moderation.content_moderated`` tells each of them instead.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published

from . import following, forum, search_index, threads
from .models import Comment, Member, Post, Topic
from .moderation import content_moderated


def _on_save_and_delete(receiver, sender, uid: str) -> None:
    """``receiver`` on every save and delete of a ``sender`` row."""
    post_save.connect(receiver, sender=sender, dispatch_uid=uid)
    post_delete.connect(receiver, sender=sender, dispatch_uid=f"{uid}-d")


def connect() -> None:
    # Cached comment threads and the members' names shown in them.
    _on_save_and_delete(threads._comment_changed, Comment, "community-thread")
    _on_save_and_delete(threads.forget_members, Member, "community-members")
    content_moderated.connect(
        threads._moderated, dispatch_uid="community-thread-moderated"
    )

    # Follows and notifications.
    for model in following.CONTRIBUTIONS.values():
        post_save.connect(
            following._contribution_saved,
            sender=model,
            dispatch_uid=f"community-following-{model.__name__}",
        )
    content_moderated.connect(
        following._moderated, dispatch_uid="community-following-moderated"
    )
    page_published.connect(
        following._page_published, dispatch_uid="community-following-pub"
    )

    # The forum's counters and cached lists.
    _on_save_and_delete(forum._post_changed, Post, "forum-post-count")
    _on_save_and_delete(forum.forget_forum, Topic, "forum-topic")
    m2m_changed.connect(
        forum.forget_forum,
        sender=Topic.projects.through,
        dispatch_uid="forum-topic-projects",
    )
    post_save.connect(forum.forget_forum, sender=Member, dispatch_uid="forum-member")
    content_moderated.connect(forum._moderated, dispatch_uid="forum-moderated")

    # The forum's full-text index: visible content only.
    post_save.connect(
        search_index._topic_saved, sender=Topic, dispatch_uid="forum-search-topic"
    )
    post_delete.connect(
        search_index._topic_deleted, sender=Topic, dispatch_uid="forum-search-topic-d"
    )
    post_save.connect(
        search_index._post_saved, sender=Post, dispatch_uid="forum-search-post"
    )
    post_delete.connect(
        search_index._post_deleted, sender=Post, dispatch_uid="forum-search-post-d"
    )
    content_moderated.connect(
        search_index._moderated, dispatch_uid="forum-search-moderated"
    )
