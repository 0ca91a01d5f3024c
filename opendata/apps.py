from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The project files as open data: downloads, the DCAT-AP catalogue, API v2."""

    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from opendata.signals import connect

        connect()
