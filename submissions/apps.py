from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """Projects emailed by municipalities, curated into draft project files."""

    name = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from .signals import connect

        connect()
