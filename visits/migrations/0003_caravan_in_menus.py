"""The site's main menu is built from the pages shown in menus: the caravan's
calendar, in it by its type until now, is flagged, so that existing sites keep
the same menu."""

from django.db import migrations


def show_caravan_in_menus(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    types = ContentType.objects.filter(app_label="visits", model="caravanindexpage")
    Page.objects.filter(content_type__in=types).update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("visits", "0002_verbose_names"),
    ]

    operations = [
        migrations.RunPython(show_caravan_in_menus, migrations.RunPython.noop),
    ]
