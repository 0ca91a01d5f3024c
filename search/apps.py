from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The public faceted search behind one interface of our own."""

    name = "search"
    label = "observatory_search"
    verbose_name = _("Search")

    def ready(self):
        from .signals import connect

        connect()
