from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared helpers every other app may use (and that use none of them)."""

    name = "core"
    verbose_name = _("Observatory core")

    def ready(self):
        from core.wagtail_i18n import translate_wagtail_labels_lazily

        translate_wagtail_labels_lazily()
