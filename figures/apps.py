from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """The observatory in numbers: the public page and the dashboard panel."""

    name = "figures"
    verbose_name = _("The observatory in numbers")

    def ready(self):
        from figures.signals import connect

        connect()
