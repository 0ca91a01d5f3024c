from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """Communities of practice: communities holding interest groups, and who
    belongs to each group (docs/decisions/0023-communities-of-practice.md)."""

    name = "practice"
    verbose_name = _("Communities of practice")

    def ready(self):
        from community.forum_access import register

        from .discussions import GroupAccess
        from .notify import connect as connect_notifications
        from .signals import connect

        # A member's data download lists their groups; deleting an account
        # hands the groups they alone coordinated to their longest-standing
        # member; groups get their discussions, members follow them.
        connect()
        # Announcements: the ones a member wrote are in their data download.
        from .announcements import connect as connect_announcements

        connect_announcements()
        # The forum asks the groups who reads and posts in their discussions.
        register(GroupAccess())
        # Meetings and shared documents in the group's followers' notifications.
        connect_notifications()
