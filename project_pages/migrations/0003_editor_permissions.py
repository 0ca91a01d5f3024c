"""Editors and Moderators get the permissions their work needs.

Wagtail's own migrations create both groups with page permissions on the root and
the "Moderators approval" workflow; here they also get the entity snippets,
documents and images. Editors cannot delete entities (projects depend on them).
"""

from django.db import migrations

GRANTS = {
    "Editors": ["add_entity", "change_entity", "view_entity"],
    "Moderators": ["add_entity", "change_entity", "delete_entity", "view_entity"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    entity_type, _ = ContentType.objects.get_or_create(
        app_label="project_pages", model="entity"
    )
    for group_name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            verb = codename.split("_")[0]
            permission, _ = Permission.objects.get_or_create(
                content_type=entity_type, codename=codename,
                defaults={"name": f"Can {verb} local entity"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group:
            group.permissions.remove(
                *group.permissions.filter(
                    content_type__app_label="project_pages", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("project_pages", "0002_initial_content"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0001_squashed_0021"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
