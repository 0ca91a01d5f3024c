"""The observatory in numbers on the Wagtail dashboard, for editors.

The panel reads the same cached figures as the public page (no query once
cached) and links to it.
"""

from django.utils import translation
from wagtail import hooks
from wagtail.admin.ui.components import Component

from figures.data import figures
from figures.views import (
    PHASE_ORDER,
    area_label,
    figures_url,
    number,
    phase_label,
    savings_facts,
    share,
)

TOP_AREAS = 3


class FiguresPanel(Component):
    """Totals, the phases and the top areas, compact: the full page is a link away."""

    name = "observatory_figures"
    order = 60
    template_name = "figures/charts/figures_panel.html"

    def get_context_data(self, parent_context=None):
        data = figures()
        phases = dict(data.phases)
        return {
            "figures": data,
            "total": number(data.total),
            "phases": [
                {
                    "label": phase_label(code),
                    "count": number(phases.get(code, 0)),
                    "share": share(phases.get(code, 0), data.total),
                }
                for code in PHASE_ORDER
            ],
            "areas": [
                {"label": area_label(code), "count": number(n)}
                for code, n in data.areas[:TOP_AREAS]
            ],
            "savings": savings_facts(data) if not data.is_empty else [],
            "public_url": figures_url(translation.get_language()),
        }


@hooks.register("construct_homepage_panels")
def add_figures_panel(request, panels):
    panels.append(FiguresPanel())
