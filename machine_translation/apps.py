from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MachineTranslationConfig(AppConfig):
    """Machine translation of content with Apertium, translated once and kept."""

    name = "machine_translation"
    verbose_name = _("Machine translation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.language_switcher import offer_machine_translations

        from . import checks  # noqa: F401  (registers the system check)
        from .reading import switcher_url

        offer_machine_translations(switcher_url)
