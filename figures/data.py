"""The observatory in numbers: what the published project files add up to.

Counted: live project files outside private sections (what a visitor can read). A
project file translated into other languages is one project, counted once, with the
data of its oldest copy (the lowest id, normally the original).

Counts and sums are aggregated by the database in one grouped pass. What SQL cannot
add up portably is read in one more pass, as plain values: the technologies, which
live inside the ``analysis`` StreamField's JSON (read as raw text, scanned in
Python), and the savings for their medians. The result holds codes and numbers
only (labels are translated when shown), so one cached copy serves every language;
it is recomputed when the page tree changes (core/caching.py).

Years: both the year of first publication here (``first_published_at``: always set
on a live page; how the observatory grows) and the year the project started
(``start_date``: optional; how the work itself spread over time).
"""

import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
)
from django.db.models.functions import Cast
from django.utils.timezone import localtime

from core import derived
from project_pages.models import Entity, ProjectEntity, ProjectPage
from project_pages.vocabularies import size_band

TOP_TECHNOLOGIES = 15
CACHE_KEY = "figures:v1"
# An empty code stands for "not known" (no entity, no population, no start date).
UNKNOWN = ""


@dataclass(frozen=True)
class Savings:
    """One kind of declared savings over the projects that declare it."""

    count: int
    total: Decimal
    median: Decimal | None


@dataclass(frozen=True)
class Figures:
    total: int
    # (code, number of projects), most first; a project may have several areas.
    areas: tuple[tuple[str, int], ...]
    phases: tuple[tuple[str, int], ...]
    sizes: tuple[tuple[str, int], ...]
    countries: tuple[tuple[str, int], ...]
    # (year, projects): every year from the first to the last, gaps as zeros.
    published_years: tuple[tuple[int, int], ...]
    started_years: tuple[tuple[int, int], ...]
    without_start: int
    savings_eur: Savings
    savings_hours: Savings
    # (name as most often written, projects using it), most used first.
    technologies: tuple[tuple[str, int], ...]

    @property
    def is_empty(self) -> bool:
        return self.total == 0


EMPTY = Figures(
    total=0,
    areas=(),
    phases=(),
    sizes=(),
    countries=(),
    published_years=(),
    started_years=(),
    without_start=0,
    savings_eur=Savings(count=0, total=Decimal(0), median=None),
    savings_hours=Savings(count=0, total=Decimal(0), median=None),
    technologies=(),
)


def counted_projects() -> QuerySet:
    """One row per published project: live, public, one copy per translation
    (the oldest; ``NOT EXISTS`` an older visible copy, which uses the index on
    ``translation_key`` where ``MIN(id) … GROUP BY`` would scan every page)."""
    visible = ProjectPage.objects.live().public()
    older_copy = visible.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return visible.filter(~Exists(older_copy)).order_by()


def compute_figures() -> Figures:
    """The figures, in six queries whatever the number of projects.

    Counts and sums come from the database, grouped (one pass over the counted
    projects); a second pass reads, per project, what only Python can use: the
    analysis JSON for the technologies, and the savings for their medians (a
    median needs every value; reading them here saves two sorted queries).
    """
    projects = counted_projects()

    # The years to count: the bounds over every project file (cheap: no filter,
    # an index for the publication date); empty years at either end (years of
    # drafts or private pages only) are dropped afterwards.
    bounds = ProjectPage.objects.aggregate(
        first_published=Min("first_published_at"),
        last_published=Max("first_published_at"),
        first_start=Min("start_date"),
        last_start=Max("start_date"),
    )
    published_years = _years(bounds["first_published"], bounds["last_published"])
    started_years = _years(bounds["first_start"], bounds["last_start"])

    # Grouped by phase and lead entity: a few hundred rows. "__year" compares the
    # column with the year's bounds in the site's time zone (a date function
    # would run in Python for every row on SQLite).
    lead = ProjectEntity.objects.filter(page_id=OuterRef("pk")).order_by(
        "sort_order", "pk"
    )
    groups = (
        projects.annotate(lead=Subquery(lead.values("entity_id")[:1]))
        .values("phase", "lead")
        .annotate(
            n=Count("pk"),
            eur_total=Sum("savings_amount_eur"),
            eur_count=Count("savings_amount_eur"),
            hours_total=Sum("savings_hours"),
            hours_count=Count("savings_hours"),
            without_start=Count("pk", filter=Q(start_date__isnull=True)),
            **{
                f"p{year}": Count("pk", filter=Q(first_published_at__year=year))
                for year in published_years
            },
            **{
                f"s{year}": Count("pk", filter=Q(start_date__year=year))
                for year in started_years
            },
        )
    )
    phases: Counter[str] = Counter()
    leads: Counter[int | None] = Counter()
    sums: Counter[str] = Counter()
    for group in groups:
        phases[group.pop("phase")] += group["n"]
        leads[group.pop("lead")] += group["n"]
        sums.update({key: value for key, value in group.items() if value})
    total = sum(phases.values())
    if not total:
        return EMPTY

    sizes: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    entities = Entity.objects.filter(pk__in=[pk for pk in leads if pk is not None])
    places = {
        pk: (population, country)
        for pk, population, country in entities.values_list(
            "pk", "population", "country"
        )
    }
    for entity_id, n in leads.items():
        population, country = places.get(entity_id, (None, UNKNOWN))
        band = size_band(population)  # the search facet's rule, on the lead entity
        sizes[str(band) if band else UNKNOWN] += n
        countries[country or UNKNOWN] += n

    # Areas on their own (a join would repeat a project with several areas in
    # every sum above); a project with several areas counts in each.
    areas = Counter(dict(projects.values_list("areas").annotate(n=Count("pk"))))
    areas.pop(None, None)

    rows = _PerProject(projects)
    technologies = count_technologies(rows.technologies())
    return Figures(
        total=total,
        areas=_most_first(areas),
        phases=_most_first(phases),
        sizes=_most_first(sizes),
        countries=_most_first(countries),
        published_years=_trimmed([(y, sums[f"p{y}"]) for y in published_years]),
        started_years=_trimmed([(y, sums[f"s{y}"]) for y in started_years]),
        without_start=sums["without_start"],
        savings_eur=Savings(
            count=sums["eur_count"],
            total=sums["eur_total"] or Decimal(0),
            median=_median(rows.savings_eur),
        ),
        savings_hours=Savings(
            count=sums["hours_count"],
            total=sums["hours_total"] or Decimal(0),
            median=_median(rows.savings_hours),
        ),
        technologies=tuple(technologies[:TOP_TECHNOLOGIES]),
    )


class _PerProject:
    """One query for what each project holds that SQL cannot add up portably:
    the raw analysis JSON (no page objects, no StreamValue: ten times faster)
    and the savings, read as they stream by."""

    def __init__(self, projects: QuerySet, chunk_size: int = 2000):
        self.rows = projects.values_list(
            Cast("analysis", TextField()), "savings_amount_eur", "savings_hours"
        ).iterator(chunk_size=chunk_size)
        self.savings_eur: list[Decimal] = []
        self.savings_hours: list[Decimal] = []

    def technologies(self) -> Iterator[list[str]]:
        for analysis, eur, hours in self.rows:
            if eur is not None:
                self.savings_eur.append(eur)
            if hours is not None:
                self.savings_hours.append(hours)
            yield technology_names(analysis)


def figures() -> Figures:
    """The figures, computed once per version of the page tree (by the worker in
    production: a visitor gets the last figures built, core/derived.py)."""
    from figures.tasks import build_figures_task

    return derived.latest(CACHE_KEY, compute_figures, build_figures_task)


def _most_first(counts: Counter) -> tuple[tuple[str, int], ...]:
    """Largest first; the unknown value last; ties in code order (stable output)."""
    return tuple(
        sorted(
            ((code, n) for code, n in counts.items() if n),
            key=lambda item: (item[0] == UNKNOWN, -item[1], str(item[0])),
        )
    )


def _years(first: date | datetime | None, last: date | datetime | None) -> range:
    """Every year from the first to the last, so that a chart shows gaps as gaps."""
    if first is None or last is None:
        return range(0)
    if isinstance(first, datetime):
        first, last = localtime(first), localtime(last)
    return range(first.year, last.year + 1)


def _trimmed(years: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Without the empty years before the first and after the last counted one."""
    counted = [i for i, (_year, n) in enumerate(years) if n]
    if not counted:
        return ()
    return tuple(years[counted[0] : counted[-1] + 1])


def _median(values: list[Decimal]) -> Decimal | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    if not values:
        return None
    values.sort()
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


# Technologies ---------------------------------------------------------------------

# A technology block as the database gives it back: Django writes "type" before
# "value", PostgreSQL's jsonb sorts keys by length ("id", "type", "value"), and both
# separate with ", " and ": ". A quoted "type" inside a text would be escaped (\").
_TECHNOLOGY_BLOCK = '"type": "technology", "value": '
_DECODER = json.JSONDecoder()


def technology_names(raw: str | None) -> list[str]:
    """The names of the technology blocks of one raw ``analysis`` JSON text.

    Decoding only the blocks' values is several times faster than ``json.loads`` of
    the whole stream; when the text does not look as expected (another key order
    or spacing, "technology" written elsewhere) the whole stream is decoded.
    """
    if not raw or '"technology"' not in raw:
        return []
    names: list = []
    start = raw.find(_TECHNOLOGY_BLOCK)
    try:
        while start != -1:
            value, end = _DECODER.raw_decode(raw, start + len(_TECHNOLOGY_BLOCK))
            names.append(value.get("name") if isinstance(value, dict) else None)
            start = raw.find(_TECHNOLOGY_BLOCK, end)
    except ValueError:
        names = []
    if names and len(names) == raw.count('"technology"'):
        return [name for name in names if isinstance(name, str)]
    return _names_from_stream(raw)


def _names_from_stream(raw: str) -> list[str]:
    try:
        stream = json.loads(raw)
    except ValueError:
        return []
    if isinstance(stream, str):  # a JSON text stored inside a JSON string
        return technology_names(stream)
    if not isinstance(stream, list):
        return []
    return [
        block["value"]["name"]
        for block in stream
        if isinstance(block, dict)
        and block.get("type") == "technology"
        and isinstance(block.get("value"), dict)
        and isinstance(block["value"].get("name"), str)
    ]


def normalise(name: str) -> str:
    """What makes two spellings one technology: case, accents and spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def count_technologies(name_lists: Iterable[list[str]]) -> list[tuple[str, int]]:
    """(name, projects using it), most used first, from each project's list of
    names; a project counts once per technology however many times (and however
    spelt) it lists it."""
    projects: Counter[str] = Counter()
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    keys: dict[str, tuple[str, str]] = {}  # the same names come back again and again
    for names in name_lists:
        seen = set()
        for name in names:
            if name not in keys:
                shown = " ".join(name.split())
                keys[name] = (shown, normalise(shown))
            shown, key = keys[name]
            if not key:
                continue
            spellings[key][shown] += 1
            if key not in seen:
                seen.add(key)
                projects[key] += 1
    result = []
    for key, n in projects.items():
        label = min(spellings[key].items(), key=_preferred_spelling)[0]
        result.append((label, n))
    result.sort(key=lambda item: (-item[1], normalise(item[0])))
    return result


def _preferred_spelling(item: tuple[str, int]) -> tuple:
    """The spelling written most often; on a tie, one in mixed case ("Decidim"
    rather than "DECIDIM" or "decidim"), then the first in alphabetical order."""
    spelling, times = item
    return (-times, spelling in (spelling.upper(), spelling.lower()), spelling)


def technology_counts(projects: QuerySet) -> list[tuple[str, int]]:
    """Every technology of ``projects``, most used first."""
    return count_technologies(_PerProject(projects).technologies())
