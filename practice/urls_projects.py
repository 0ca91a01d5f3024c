"""The project files a group follows, under the group's address (practice/urls.py)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views_projects as views

urlpatterns = [
    path(pgettext_lazy("URL path", "add/"), views.add, name="project_add"),
    path(
        pgettext_lazy("URL path", "<int:pk>/remove/"),
        views.remove,
        name="project_remove",
    ),
]
