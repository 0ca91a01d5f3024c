"""Admin for non-page models, through Wagtail's own viewsets."""

import django_filters
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import NumberColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from project_pages.admin_views import EntityChooserViewSet, EntityIndexView
from project_pages.forms import EntityForm
from project_pages.models import Entity
from project_pages.views import gazetteer_lookup
from project_pages.vocabularies import EntityKind


class EntityFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=EntityKind.choices, label=_("Kind"))
    country = django_filters.CharFilter(lookup_expr="iexact", label=_("Country"))

    class Meta:
        model = Entity
        fields = ["kind", "country"]


class EntityViewSet(SnippetViewSet):
    model = Entity
    icon = "site"
    menu_label = _("Local entities")
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "name",
        "kind",
        "municipality",
        "region",
        "country",
        NumberColumn("population", label=_("Population"), sort_key="population"),
    ]
    filterset_class = EntityFilterSet
    chooser_viewset_class = EntityChooserViewSet
    index_view_class = EntityIndexView
    search_fields = ["name", "municipality", "region"]
    # Searched in the database (icontains on these fields): a few thousand rows,
    # and the search backend cannot restrict a query to fields on SQLite.
    search_backend_name = None
    ordering = "name"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("kind"),
            MultiFieldPanel(
                [
                    FieldPanel("gazetteer_place"),
                    FieldRowPanel([FieldPanel("municipality"), FieldPanel("region")]),
                    FieldRowPanel([FieldPanel("country"), FieldPanel("population")]),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Place"),
            ),
        ],
        base_form_class=EntityForm,
    )


register_snippet(EntityViewSet)


@hooks.register("insert_editor_js")
def gazetteer_in_the_editor():
    """The entity chooser's "New entity" tab suggests places as the editor types
    (the script listens on the document, so a form opened in a modal works)."""
    return format_html('<script src="{}" defer></script>', static("js/gazetteer.js"))


@hooks.register("register_admin_urls")
def register_gazetteer_url():
    return [
        path("gazetteer/", gazetteer_lookup, name="project_pages_gazetteer"),
    ]
