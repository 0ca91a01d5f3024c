"""The forum's categories: a general one and one per area."""

from django.db import migrations

def create(apps, schema_editor):
    Area = apps.get_model("project_pages", "Area")
    ForumCategory = apps.get_model("community", "ForumCategory")
    ForumCategory.objects.get_or_create(slug="general", defaults={"order": 0})
    for order, area in enumerate(Area.objects.order_by("code"), start=1):
        ForumCategory.objects.get_or_create(
            slug=area.code.replace("_", "-"), defaults={"area": area, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_community"),
        ("project_pages", "0002_initial_content"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
