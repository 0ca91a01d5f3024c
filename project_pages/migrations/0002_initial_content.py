"""Vocabulary rows and the Catalan home page as the default site's root."""

import uuid

from django.db import migrations

AREAS = [
    "citizen_attention",
    "services_procedures",
    "social_services",
    "participation_open_government",
    "planning_management",
    "integral_transformation",
]
TYPES = ["service_journey", "processes_procedures", "organisation"]


def create_vocabularies(apps, schema_editor):
    Area = apps.get_model("project_pages", "Area")
    TransformationType = apps.get_model("project_pages", "TransformationType")
    for code in AREAS:
        Area.objects.get_or_create(code=code)
    for code in TYPES:
        TransformationType.objects.get_or_create(code=code)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("project_pages.HomePage")

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    if HomePage.objects.exists():
        return
    home_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="project_pages"
    )
    locale, _ = Locale.objects.get_or_create(language_code="ca")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Observatori de la transformació digital local",
        draft_title="Observatori de la transformació digital local",
        slug="inici",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/inici/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        intro=(
            "Projectes de transformació digital d'ajuntaments i altres "
            "administracions locals: què van fer, què van estalviar, què els va "
            "frenar i a qui preguntar."
        ),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True,
        site_name="Observatori",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("project_pages", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_vocabularies, migrations.RunPython.noop),
        migrations.RunPython(create_homepage, migrations.RunPython.noop),
    ]
