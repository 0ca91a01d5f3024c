"""A group's shared documents, under the group's address (practice/urls.py)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views_documents as views

urlpatterns = [
    path(pgettext_lazy("URL path", "share/"), views.share, name="document_share"),
    path("<int:pk>/<str:name>", views.download, name="document"),
    path(
        pgettext_lazy("URL path", "<int:pk>/delete/"),
        views.delete,
        name="document_delete",
    ),
]
