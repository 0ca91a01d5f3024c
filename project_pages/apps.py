from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectPagesConfig(AppConfig):
    name = "project_pages"
    verbose_name = _("Project files")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from project_pages.signals import connect

        connect()
