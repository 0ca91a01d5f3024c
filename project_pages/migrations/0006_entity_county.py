"""An entity in a Catalan municipality has its county (comarca) as its "county or
region", whether an editor picked the place in the gazetteer (which fills it) or
the entity came with earlier data (a province, "Catalunya" or nothing): the same
kind of value for every entity, from Idescat's list in the gazetteer's data file
(project_pages/data/municipalities-es.csv)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities-es.csv"


def counties() -> dict[str, str]:
    from project_pages.names import fold

    found: dict[str, set[str]] = {}
    with DATA.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["county"]:
                continue
            for name in [row["name"], *row["other_names"].split("|")]:
                if name:
                    found.setdefault(fold(name), set()).add(row["county"])
    # A name two Catalan municipalities share in different counties is ambiguous.
    return {name: next(iter(c)) for name, c in found.items() if len(c) == 1}


def set_counties(apps, schema_editor):
    from project_pages.names import fold

    Entity = apps.get_model("project_pages", "Entity")
    by_name = counties()
    for entity in Entity.objects.filter(country="ES").exclude(municipality=""):
        county = by_name.get(fold(entity.municipality))
        if county and entity.region != county:
            entity.region = county
            entity.save(update_fields=["region"])


class Migration(migrations.Migration):
    dependencies = [("project_pages", "0005_gazetteer_names")]

    operations = [migrations.RunPython(set_counties, migrations.RunPython.noop)]
