from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    """The innovation caravan: stops, registrations, requests, the kit."""

    name = "visits"
    verbose_name = _("Caravan")

    def ready(self):
        from visits.site_structure import register

        register()
