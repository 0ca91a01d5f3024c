"""Mounted under each language prefix (cms/urls.py): the path says what the page
is in the reader's language."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "machine_translation"

urlpatterns = [
    path(
        pgettext_lazy("URL path", "machine-translation/<int:page_id>/"),
        views.project_page,
        name="project_page",
    ),
]
