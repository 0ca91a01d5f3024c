"""Each language whole: Wagtail labels translated when shown, not when imported,
and a message without a translation shown in English, never in Catalan.

A few Wagtail classes translate their labels with ``gettext`` at import time, in
``settings.LANGUAGE_CODE`` (Catalan here), so the English and Spanish admin showed
"Triar" and a "Cerca" tab in every chooser. Each such label is set again, lazily,
with the same message id (so Wagtail's own catalogues translate it), before any
view reads it. The admin language test (tests/test_admin_languages.py) finds any
that come back.

Django shows a message a catalogue lacks in ``settings.LANGUAGE_CODE`` (its
"fallback"): the Spanish admin mixed Catalan in wherever Wagtail's Spanish
catalogue has a gap ("Filtrar per", "Accions (peu de pàgina)"). A gap now shows
the message id, in English, as it does in every Wagtail site; our own catalogues
are complete (the same test).
"""

from importlib import import_module

from django.utils import translation
from django.utils.translation import gettext_lazy

# "module.Class": {attribute: message id}
CLASS_LABELS = {
    "wagtail.admin.viewsets.chooser.ChooserViewSet": {
        "choose_one_text": "Choose",
        "choose_another_text": "Choose another",
        "edit_item_text": "Edit",
        "search_tab_label": "Search",
        "create_action_label": "Create",
    },
}

# "module.FormClass": {field name: message id of its label}
FORM_LABELS = {
    "wagtail.images.forms.ImageInsertionForm": {
        "format": "Format",
        "image_is_decorative": "Image is decorative",
        "alt_text": "Alt text",
    },
    "wagtail.images.forms.URLGeneratorForm": {
        "filter_method": "Filter",
        "width": "Width",
        "height": "Height",
        "closeness": "Closeness",
    },
    "wagtail.forms.TaskStateCommentForm": {"comment": "Comment"},
}


def _class(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


def _lazy_breadcrumbs(original):
    """A ``breadcrumbs_items`` property whose labels are translated when shown:
    the original runs with translation off (its labels are then the message ids),
    and each label becomes a lazy translation of its message id."""

    def breadcrumbs_items(self):
        with translation.override(None):
            items = original(self)
        return [
            {**item, "label": gettext_lazy(str(item["label"]))}
            if isinstance(item.get("label"), str)
            else item
            for item in items
        ]

    return property(breadcrumbs_items)


def _no_default_language_fallback(self, localedirs=None) -> None:
    """DjangoTranslation._add_fallback: none (the message id, in English)."""


def translate_wagtail_labels_lazily() -> None:
    from django.utils.translation import trans_real

    if trans_real.DjangoTranslation._add_fallback is not _no_default_language_fallback:
        trans_real.DjangoTranslation._add_fallback = _no_default_language_fallback
        # Catalogues built before this (at import) lose their fallback too.
        for catalogue in trans_real._translations.values():
            catalogue._fallback = None
    from wagtail.snippets.views.snippets import SnippetViewSet

    if not getattr(SnippetViewSet, "_observatory_lazy_breadcrumbs", False):
        SnippetViewSet.breadcrumbs_items = _lazy_breadcrumbs(
            SnippetViewSet.breadcrumbs_items.fget
        )
        SnippetViewSet._observatory_lazy_breadcrumbs = True
    for path, labels in CLASS_LABELS.items():
        cls = _class(path)
        for attribute, message in labels.items():
            setattr(cls, attribute, gettext_lazy(message))
    for path, labels in FORM_LABELS.items():
        form = _class(path)
        for field, message in labels.items():
            form.base_fields[field].label = gettext_lazy(message)
