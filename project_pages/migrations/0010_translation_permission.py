"""Editors and Moderators may translate pages (simple_translation's "Translate")."""

from django.db import migrations

GROUPS = ("Editors", "Moderators")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="simple_translation", model="simpletranslation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="simple_translation",
                codename="submit_translation",
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("project_pages", "0009_machine_translated"),
        ("simple_translation", "0001_initial"),
        ("project_pages", "0003_editor_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
