"""The observatory in numbers: the public page and the labels both it and the
admin dashboard show.

The figures (codes and numbers) are cached by ``figures.data``; turning
them into labelled charts costs no query, so a cached page costs what any page of
the site costs (the navigation's cached lookups).
"""

from decimal import Decimal

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from figures.data import UNKNOWN, Figures, Savings, figures
from figures.templatetags.charts import Bar, Chart
from project_pages.vocabularies import AreaCode, Phase, SizeBand
from search.facets import country_label

# Phases and sizes keep their natural order (not the largest first): it is an order
# a reader expects (prototype → production, small → large).
PHASE_ORDER = [phase.value for phase in Phase]
SIZE_ORDER = [band.value for band in SizeBand]


def number(value: int | float | Decimal, decimals: int = 0) -> str:
    """A number as the active language writes it: 12.345 in Catalan, 12,345 in
    English."""
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def share(value: int, total: int) -> str:
    """A share of ``total`` as a rounded percentage; "<1 %" rather than "0 %" for
    a value that is there."""
    if not total:
        return ""
    percent = 100 * value / total
    shown = "<1" if 0 < percent < 1 else number(round(percent))
    return _("%(percent)s%%") % {"percent": shown}


def _label(vocabulary, code: str) -> str:
    try:
        return str(vocabulary(code).label)
    except ValueError:
        return code


def area_label(code: str) -> str:
    return _label(AreaCode, code)


def phase_label(code: str) -> str:
    return _label(Phase, code)


def size_label(code: str) -> str:
    return _("Population not known") if code == UNKNOWN else _label(SizeBand, code)


def country_name(code: str) -> str:
    return _("Not known") if code == UNKNOWN else country_label(code)


def _in_order(items, order: list[str]) -> list[tuple[str, int]]:
    position = {code: index for index, code in enumerate(order)}
    return sorted(items, key=lambda item: position.get(item[0], len(order)))


def _count_bars(items, label, total: int) -> list[Bar]:
    return [
        Bar(label=label(code), value=n, text=number(n), share=share(n, total))
        for code, n in items
    ]


def build_charts(data: Figures) -> list[Chart]:
    """The charts of the page, in the active language."""
    total = data.total
    files = _("Project files")
    percent = _("Share")
    charts = [
        Chart(
            id="figures-areas",
            heading=_("By area"),
            title=_("Project files by area"),
            note=_(
                "A project file can belong to several areas, so the shares add up "
                "to more than 100%."
            ),
            bars=_count_bars(data.areas, area_label, total),
            label_heading=_("Area"),
            value_heading=files,
            share_heading=percent,
        ),
        Chart(
            id="figures-phases",
            heading=_("By phase"),
            title=_("Project files by phase"),
            bars=_count_bars(_in_order(data.phases, PHASE_ORDER), phase_label, total),
            label_heading=_("Phase"),
            value_heading=files,
            share_heading=percent,
        ),
        Chart(
            id="figures-sizes",
            heading=_("By size of the administration"),
            title=_("Project files by population of the lead entity"),
            note=_("The population served by the entity that leads the project."),
            bars=_count_bars(
                _in_order(data.sizes, [*SIZE_ORDER, UNKNOWN]), size_label, total
            ),
            label_heading=_("Inhabitants"),
            value_heading=files,
            share_heading=percent,
        ),
        Chart(
            id="figures-countries",
            heading=_("By country"),
            title=_("Project files by country of the lead entity"),
            bars=_count_bars(data.countries, country_name, total),
            label_heading=_("Country"),
            value_heading=files,
            share_heading=percent,
        ),
        Chart(
            id="figures-published",
            heading=_("Published, by year"),
            title=_("Project files published on the observatory, by year"),
            note=_(
                "The year each project file was first published here: how the "
                "observatory grows."
            ),
            kind="column",
            bars=[
                Bar(label=str(year), value=n, text=number(n))
                for year, n in data.published_years
            ],
            label_heading=_("Year"),
            value_heading=files,
        ),
    ]
    started_note = _(
        "The year the administration started the project: how the work itself "
        "spread over time."
    )
    if data.without_start:
        started_note += " " + ngettext(
            "%(count)s project file does not say when it started.",
            "%(count)s project files do not say when they started.",
            data.without_start,
        ) % {"count": number(data.without_start)}
    charts.append(
        Chart(
            id="figures-started",
            heading=_("Started, by year"),
            title=_("Projects started, by year"),
            note=started_note,
            kind="column",
            bars=[
                Bar(label=str(year), value=n, text=number(n))
                for year, n in data.started_years
            ],
            label_heading=_("Year"),
            value_heading=files,
        )
    )
    charts.append(
        Chart(
            id="figures-technologies",
            heading=_("Most used technologies"),
            title=_("The %(count)s technologies most used")
            % {"count": number(len(data.technologies))},
            note=_(
                "From the technologies and tools each project file lists; names "
                "written with other capitals or accents count as one."
            ),
            bars=_count_bars(data.technologies, str, total),
            label_heading=_("Technology or tool"),
            value_heading=files,
            share_heading=percent,
        )
    )
    return [chart for chart in charts if chart.bars]


# The page shows the savings after the classification charts, before time.
TIME_CHARTS = {"figures-published", "figures-started", "figures-technologies"}


def savings_facts(data: Figures) -> list[dict]:
    """The declared savings, money and staff time, each with its count and median."""
    facts = []
    kinds = [
        (data.savings_eur, _("Money saved each year"), _("%(amount)s €")),
        (data.savings_hours, _("Staff hours saved each year"), _("%(amount)s hours")),
    ]
    for savings, label, unit in kinds:
        facts.append(_savings_fact(savings, label, unit, data.total))
    return facts


def _savings_fact(savings: Savings, label: str, unit: str, total: int) -> dict:
    fact = {"label": label, "declared": savings.count > 0}
    if savings.count:
        fact["total"] = unit % {"amount": number(savings.total)}
        fact["median"] = unit % {"amount": number(savings.median or 0)}
        fact["count"] = ngettext(
            "declared by %(count)s project file (%(share)s)",
            "declared by %(count)s project files (%(share)s)",
            savings.count,
        ) % {"count": number(savings.count), "share": share(savings.count, total)}
    return fact


def figures_url(language: str | None = None) -> str:
    """The public page in ``language`` (the active one, or the site's default when
    the active language is not one of the site's, as in the admin)."""
    codes = [code for code, _name in settings.LANGUAGES]
    language = language or translation.get_language()
    if language not in codes:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return reverse("figures")


def _translation_urls() -> dict[str, str]:
    return {code: figures_url(code) for code, _name in settings.LANGUAGES}


@require_safe
def figures_page(request):
    data = figures()
    charts = build_charts(data) if not data.is_empty else []
    context = {
        "figures": data,
        "total": number(data.total),
        "charts": charts,
        "charts_before": [c for c in charts if c.id not in TIME_CHARTS],
        "charts_after": [c for c in charts if c.id in TIME_CHARTS],
        "savings": savings_facts(data) if not data.is_empty else [],
        "translation_urls": _translation_urls(),
    }
    return render(request, "figures/figures.html", context)
