from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Members, comment threads and the forum (issue 4); empty until then."""

    name = "community"
    verbose_name = _("Community")
