from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    """The innovation caravan: stops, registrations, requests, the kit."""

    name = "visits"
    verbose_name = _("Caravan")

    def ready(self):
        from search.map_layers import register_layer
        from visits.map import stop_items
        from visits.signals import connect
        from visits.site_structure import register

        connect()
        register()
        register_layer(stop_items)
