"""The site's main menu is built from the pages shown in menus: the project and
article indexes that were in it by their type are flagged, so that existing sites
keep the same menu."""

from django.db import migrations


def show_indexes_in_menus(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    types = ContentType.objects.filter(
        app_label="project_pages", model__in=["projectindexpage", "articleindexpage"]
    )
    Page.objects.filter(content_type__in=types).update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("project_pages", "0011_open_source_not_stated"),
    ]

    operations = [
        migrations.RunPython(show_indexes_in_menus, migrations.RunPython.noop),
    ]
