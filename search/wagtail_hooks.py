"""The thesaurus in the admin: editors add, change and remove synonym sets."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymSet, ThesaurusTopic


class SynonymSetFilterSet(WagtailFilterSet):
    topic = django_filters.ChoiceFilter(
        choices=ThesaurusTopic.choices, label=_("Topic")
    )

    class Meta:
        model = SynonymSet
        fields = ["topic"]


class SynonymSetViewSet(SnippetViewSet):
    model = SynonymSet
    icon = "list-ul"
    menu_label = _("Search thesaurus")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["__str__", "topic", "updated_at"]
    list_per_page = 50
    filterset_class = SynonymSetFilterSet
    search_fields = ["terms"]
    ordering = ["terms"]
    panels = [FieldPanel("terms"), FieldPanel("topic")]


register_snippet(SynonymSetViewSet)
