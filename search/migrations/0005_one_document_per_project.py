"""One document per project (a page and its translations), with text in every
language; the thesaurus; translations waiting. The index tables are made anew:
run ``manage.py search_index rebuild`` after migrating (docs/operations.md)."""

from django.db import migrations, models

import search.fields

TEXT = "observatory_search_text"
COLUMNS = (
    "title, keywords, summary, body, title_tr, keywords_tr, summary_tr, body_tr"
)


def drop_text(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {TEXT}")


def create_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TEXT} USING fts5({COLUMNS}, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            # No foreign key: the engine deletes these rows with the documents,
            # and a reference would stop Django's TRUNCATE-based flush (tests).
            f"CREATE TABLE {TEXT} (doc_id integer PRIMARY KEY, "
            "vector tsvector NOT NULL)"
        )
        schema_editor.execute(f"CREATE INDEX {TEXT}_vector ON {TEXT} USING GIN (vector)")
        schema_editor.execute(
            "CREATE INDEX observatory_search_document_facets "
            "ON observatory_search_searchdocument USING GIN (facets)"
        )


def create_old_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {TEXT} USING fts5("
            "title, summary, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TABLE {TEXT} (page_id integer PRIMARY KEY, "
            "vector tsvector NOT NULL)"
        )
        schema_editor.execute(f"CREATE INDEX {TEXT}_vector ON {TEXT} USING GIN (vector)")


class Migration(migrations.Migration):
    dependencies = [("observatory_search", "0004_forum_text")]

    operations = [
        migrations.RunPython(drop_text, create_old_text),
        migrations.DeleteModel(name="SearchFacetValue"),
        migrations.DeleteModel(name="SearchPoint"),
        migrations.DeleteModel(name="SearchDocument"),
        migrations.DeleteModel(name="MissedWrite"),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("doc_id", models.IntegerField(help_text="The original page.", primary_key=True, serialize=False)),
                ("key", models.CharField(help_text="translation_key", max_length=36, unique=True)),
                ("language", models.CharField(max_length=8)),
                ("first_published_at", models.DateTimeField(db_index=True, null=True)),
                ("facets", search.fields.FacetsField(default=list)),
                ("version", models.CharField(max_length=40)),
            ],
            options={"ordering": ["-first_published_at", "-doc_id"]},
        ),
        migrations.CreateModel(
            name="SearchDocumentData",
            fields=[
                ("document", models.OneToOneField(on_delete=models.deletion.CASCADE, primary_key=True, related_name="+", serialize=False, to="observatory_search.searchdocument")),
                ("data", models.JSONField(default=dict)),
                ("display", models.JSONField(default=dict)),
                ("markers", models.JSONField(default=dict)),
            ],
        ),
        migrations.CreateModel(
            name="SearchPoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lat", models.FloatField()),
                ("lon", models.FloatField()),
                ("document", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="points", to="observatory_search.searchdocument")),
            ],
            options={"indexes": [models.Index(fields=["lat", "lon"], name="observatory_lat_2beb10_idx")]},
        ),
        migrations.CreateModel(
            name="MissedWrite",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("engine", models.CharField(max_length=40)),
                ("key", models.CharField(max_length=36)),
                ("missed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("engine", "key"), name="unique_missed")]},
        ),
        migrations.CreateModel(
            name="PendingTranslation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=36, unique=True)),
                ("since", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="SynonymSet",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("terms", models.TextField(help_text="One term per line, in Catalan, Spanish or English: words or an acronym and its expansion (e.g. OAC, oficina d'atenció ciutadana). A search for any of them finds all of them: put only terms that mean the same, never a broader one.", verbose_name="terms")),
                ("topic", models.CharField(blank=True, choices=[("citizen_attention", "Citizen attention"), ("services_procedures", "Services and procedures"), ("social_services", "Social services"), ("participation_open_government", "Participation and open government"), ("planning_management", "Public planning and management"), ("integral_transformation", "Integral transformation and cultural change"), ("technology", "Technology"), ("organisation", "Local government"), ("acronym", "Acronym"), ("general", "General")], max_length=40, verbose_name="topic")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={"verbose_name": "synonym set", "verbose_name_plural": "thesaurus", "ordering": ["terms"]},
        ),
        migrations.RunPython(create_text, drop_text),
    ]
