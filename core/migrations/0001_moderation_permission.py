"""The moderators' permission (``core.moderate_community``), granted to the
groups that have always moderated: Wagtail's own Moderators and Editors."""

from django.db import migrations, models

GROUPS = ("Moderators", "Editors")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    # Django creates permissions after the last migration; the groups need it now.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="core", model="moderation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="moderate_community",
        defaults={"name": "Can moderate the community"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(
        content_type__app_label="core", codename="moderate_community"
    ).delete()


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="Moderation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
            ],
            options={
                "verbose_name": "moderation",
                "permissions": [
                    ("moderate_community", "Can moderate the community")
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
