"""The admin's "Translate" action of pages, which may start from a machine
translation (the copy's texts filled by Apertium, see ``pages.py``).

Wagtail's simple_translation answers the same URL; this app's hooks load before
it (INSTALLED_APPS), so ours answers: the same form, with one more option.
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

from machine_translation import service as machine_translation
from machine_translation.pages import machine_translate_copy
from project_pages.models import ProjectPage


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
