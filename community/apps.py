from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Members, comment threads, the forum, requests and moderation (issue 4)."""

    name = "community"
    verbose_name = _("Community")

    def ready(self):
        # Connects the receivers that keep cached threads in step with comments,
        # members and moderation decisions, whatever imports what first.
        from . import threads  # noqa: F401
        from .following import connect

        connect()  # follows and notifications (community/following.py)
        from . import forum  # noqa: F401  (forum counters and search index)
