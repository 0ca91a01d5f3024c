from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectPagesConfig(AppConfig):
    name = "project_pages"
    verbose_name = _("Project files")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from project_pages.caching import connect_signals
        from project_pages.names import register_sqlite_collation

        connect_signals()
        connection_created.connect(
            register_sqlite_collation, dispatch_uid="observatory_ca_collation"
        )
