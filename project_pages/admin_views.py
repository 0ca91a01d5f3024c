"""Admin views: local entities (the listing in Catalan alphabetical order, and the
chooser of the project file editor, which searches and creates inline), and the
"Translate" action of pages (which may start from a machine translation).

Editors pick an administration in a modal; when it is not there yet they create it
in the same modal, with the gazetteer filling its place, and it is chosen at once
(Wagtail's chooser "Create" tab, with the entity form of the admin).
"""

from django import forms
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.admin import messages
from wagtail.contrib.simple_translation.forms import SubmitTranslationForm
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import IndexView

from machine_translation import service as machine_translation
from project_pages.forms import PLACE_FIELDS, EntityForm
from project_pages.models import Entity, ProjectPage
from project_pages.names import CatalanOrder
from project_pages.translation import machine_translate_copy


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


# Translating a page ------------------------------------------------------------


class TranslationForm(SubmitTranslationForm):
    """Wagtail's "Translate" form, and for a project file: start from a machine
    translation (ticked when the engine runs here)."""

    machine_translation = forms.BooleanField(
        label=_("Start from a machine translation"),
        required=False,
        help_text=_(
            "Apertium translates the texts and the copy is marked “machine "
            "translation, to review” until you save it. Names, links, dates and "
            "figures stay as they are."
        ),
    )

    def __init__(self, instance, *args, **kwargs):
        super().__init__(instance, *args, **kwargs)
        if isinstance(instance, ProjectPage) and machine_translation.enabled():
            self.fields["machine_translation"].initial = True
        else:
            del self.fields["machine_translation"]


class TranslatePageView(SubmitPageTranslationView):
    """simple_translation's page view (same URL, registered first), with the
    machine translation option; a copy is also a draft of its own language."""

    def get_form(self):
        if getattr(self, "_form", None) is None:
            data = self.request.POST if self.request.method == "POST" else None
            self._form = TranslationForm(self.object, data)
        return self._form

    def post(self, request, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**kwargs))
        locales = list(form.cleaned_data["locales"])
        source = self.object.locale.language_code
        machine = form.cleaned_data.get("machine_translation")
        translated, untranslated = [], []
        with transaction.atomic():
            for locale in locales:
                CopyPageForTranslationAction(
                    page=self.object,
                    locale=locale,
                    include_subtree=form.cleaned_data["include_subtree"],
                    user=request.user,
                ).execute(skip_permission_checks=True)
                copy = self.object.get_translation(locale).specific
                if machine:
                    done = machine_translate_copy(copy, source)
                    (translated if done else untranslated).append(copy)
        names = ", ".join(locale.get_display_name() for locale in locales)
        if machine and untranslated:
            messages.warning(
                request,
                gettext(
                    "The copy in %(locales)s was created, but the machine translation "
                    "could not run: it holds the original texts to translate."
                )
                % {
                    "locales": ", ".join(
                        c.locale.get_display_name() for c in untranslated
                    )
                },
            )
        messages.success(request, self.get_success_message(names))
        single = self.object.get_translation(locales[0]) if len(locales) == 1 else None
        return redirect(self.get_success_url(single))
