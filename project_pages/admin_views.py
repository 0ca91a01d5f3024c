"""Admin views: local entities (the listing in Catalan alphabetical order, and the
chooser of the project file editor, which searches and creates inline).

Editors pick an administration in a modal; when it is not there yet they create it
in the same modal, with the gazetteer filling its place, and it is chosen at once
(Wagtail's chooser "Create" tab, with the entity form of the admin).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import IndexView

from project_pages.forms import PLACE_FIELDS, EntityForm
from project_pages.models import Entity
from project_pages.names import CatalanOrder


class CatalanOrderingMixin:
    """Text columns sort as a Catalan reader expects: Gósol before Granollers."""

    text_orderings = ("name", "municipality", "region")

    def order_queryset(self, queryset):
        if not isinstance(self.ordering, str):
            return super().order_queryset(queryset)
        field = self.ordering.lstrip("-")
        if field not in self.text_orderings:
            return super().order_queryset(queryset)
        key = CatalanOrder(field)
        if self.ordering.startswith("-"):
            return queryset.order_by(key.desc(), "-pk")
        return queryset.order_by(key.asc(), "pk")


class EntityIndexView(CatalanOrderingMixin, IndexView):
    pass


class EntityCreationForm(EntityForm):
    class Meta:
        model = Entity
        fields = ["name", "kind", *PLACE_FIELDS]

    field_order = ["name", "kind", "gazetteer_place", *PLACE_FIELDS]


class _EntityResults:
    results_template_name = "project_pages/admin/entity_chooser_results.html"


class EntityChooseView(_EntityResults, ChooseView):
    pass


class EntityChooseResultsView(_EntityResults, ChooseResultsView):
    pass


class EntityChooserViewSet(SnippetChooserViewSet):
    choose_view_class = EntityChooseView
    choose_results_view_class = EntityChooseResultsView
    creation_form_class = EntityCreationForm
    creation_tab_label = _("New entity")
    create_action_label = _("Create and choose this entity")
    create_action_clicked_label = _("Creating…")
