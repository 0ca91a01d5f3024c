from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    """The innovation caravan (seed 002): stops, registrations, requests, the kit
    (issue 6)."""

    name = "visits"
    verbose_name = _("Caravan")

    def ready(self):
        from .signals import connect

        connect()
