"""Every interest group made before its discussions existed gets its forum
category now (``listed=False``, slug ``grup-<id>``), as new groups get theirs
when they are saved (practice/discussions.py). Going back leaves them: they may
hold topics already."""

from django.db import migrations

CATEGORY_ORDER = 1000


def create_categories(apps, schema_editor):
    InterestGroup = apps.get_model("practice", "InterestGroup")
    ForumCategory = apps.get_model("community", "ForumCategory")
    for group in InterestGroup.objects.filter(forum_category__isnull=True).order_by(
        "pk"
    ):
        slug = f"grup-{group.pk}"
        if ForumCategory.objects.filter(slug=slug).exists():
            slug = f"{slug}-g"
        category = ForumCategory.objects.create(
            slug=slug, listed=False, order=CATEGORY_ORDER
        )
        InterestGroup.objects.filter(pk=group.pk).update(forum_category=category)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_forum_category_listed"),
        ("practice", "0002_group_discussions"),
    ]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
