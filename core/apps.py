from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared helpers every other app may use (and that use none of them)."""

    name = "core"
    verbose_name = _("Observatory core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.base_url import sync_default_site
        from core.signals import connect
        from core.wagtail_i18n import translate_wagtail_labels_lazily
        from core.wagtail_speed import speed_up_page_listings

        connect()
        translate_wagtail_labels_lazily()
        speed_up_page_listings()
        # Django sends post_migrate only for apps with models (core has none):
        # after Wagtail's, whose Site table it updates.
        post_migrate.connect(
            sync_default_site,
            sender=apps.get_app_config("wagtailcore"),
            dispatch_uid="core_sync_default_site",
        )
