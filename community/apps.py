from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Members, comment threads, the forum, requests and moderation."""

    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from search.rebuilds import register_rebuild

        from .search_index import forum_rebuild
        from .signals import connect

        # Keeps cached threads, notifications, forum counters and the forum's
        # search index in step with comments, members and moderation decisions.
        connect()
        # ``manage.py search_index rebuild`` writes the forum's index again too.
        register_rebuild("forum", forum_rebuild, "topics and replies")
