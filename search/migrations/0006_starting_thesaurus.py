"""The starting thesaurus (search/data/thesaurus.json): synonym sets across
Catalan, Spanish and English, and acronyms; editors manage them in the admin."""

from django.db import migrations


def add(apps, schema_editor):
    from search.thesaurus import add_starting_sets

    add_starting_sets(apps.get_model("observatory_search", "SynonymSet"))


class Migration(migrations.Migration):
    dependencies = [("observatory_search", "0005_one_document_per_project")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
