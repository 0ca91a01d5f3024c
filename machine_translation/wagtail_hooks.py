"""The admin's "Translate" action, with the machine translation option."""

from django.urls import path
from wagtail import hooks

from machine_translation.admin_views import TranslatePageView


@hooks.register("register_admin_urls")
def register_translate_url():
    # simple_translation's own URL, answered first by ours (this app's hooks load
    # before it): the same form, with the machine translation option.
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            TranslatePageView.as_view(),
            name="machine_translation_translate_page",
        ),
    ]
