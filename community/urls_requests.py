"""Reaching the people behind a project file: /ca/comunitat/projectes/<id>/contacte/
and .../visita/ (each path segment translated, like search/urls.py)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from . import views_requests as views

PROJECT = pgettext_lazy("URL path", "projects/")
CONTACT = pgettext_lazy("URL path", "contact/")
VISIT = pgettext_lazy("URL path", "visit/")
SENT = pgettext_lazy("URL path", "sent/")


def route(*segments) -> str:
    """A lazily translated route: the project id between translated segments."""
    template = "{}<int:page_id>/" + "{}" * len(segments)
    return format_lazy(template, PROJECT, *segments)


urlpatterns = [
    path(route(CONTACT), views.contact_team, name="contact_team"),
    path(route(CONTACT, SENT), views.contact_team_sent, name="contact_team_sent"),
    path(route(VISIT), views.visit_request, name="visit_request"),
    path(route(VISIT, SENT), views.visit_request_sent, name="visit_request_sent"),
]
