"""``manage.py check`` says when machine translation cannot run here."""

from django.core import checks

from .service import PAIRS, engine_status

INSTALL = (
    "Install it: apt-get install apertium apertium-spa-cat apertium-eng-cat "
    "apertium-eng-spa (scripts/services.sh apertium ensure does it when root)."
)


@checks.register()
def apertium_installed(app_configs=None, **kwargs):
    status = engine_status()
    if not status.enabled:
        return []
    if len(status.missing_pairs) == len(PAIRS):
        return [
            checks.Warning(
                "Apertium is not installed: project files are not machine-"
                "translated, so search finds them only in the languages they "
                "were written in.",
                hint=INSTALL,
                id="machine_translation.W001",
            )
        ]
    if status.missing_pairs:
        return [
            checks.Warning(
                "Apertium lacks these language pairs: "
                f"{', '.join(status.missing_pairs)}; texts are not translated "
                "between those languages.",
                hint=INSTALL,
                id="machine_translation.W002",
            )
        ]
    return []
