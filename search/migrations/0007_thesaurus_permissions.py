"""Editors and Moderators manage the search thesaurus (synonym sets)."""

from django.db import migrations

CODENAMES = ["add_synonymset", "change_synonymset", "delete_synonymset", "view_synonymset"]
GROUPS = ("Editors", "Moderators")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="observatory_search", model="synonymset"
    )
    for group_name in GROUPS:
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in CODENAMES:
            verb = codename.split("_")[0]
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": f"Can {verb} synonym set"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="observatory_search", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("observatory_search", "0006_starting_thesaurus"),
        ("project_pages", "0003_editor_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
