"""Wagtail's read-only API v2 at /api/v2/: pages, images and documents.

Project files expose the fields of the interchange format (summary, entities,
savings, analysis, phase, areas...), taken from ``interchange.page_to_record`` so
that the API, ``export_projects`` and the open data files say the same thing in
the same shape. Contacts are never among them: ``page_to_record`` is called
without ``include_contacts``, and ``contacts`` is not an API field, so
``?fields=contacts`` is refused with 400 like any unknown field.

Why a subclass and not ``ProjectPage.api_fields``: the fields are added by
``ProjectPagesAPIViewSet.get_body_fields`` here, for this API only, so the page
model stays free of API concerns and any other consumer of ``api_fields`` (the
admin's API, Wagtail's API v3) is unaffected.

Only live pages outside private sections are served (Wagtail's
``get_public_pages_queryset``), and only images and documents outside restricted
collections (the private "Submissions" collection included).
"""

from __future__ import annotations

import functools
from typing import Any

from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from project_pages.interchange import page_to_record
from project_pages.interchange.validation import load_schema
from project_pages.models import ProjectPage

# The interchange fields a project file exposes, in the schema's order; slug,
# language and title are Wagtail's own page fields already.
PROJECT_FIELDS = (
    "summary",
    "entities",
    "description",
    "value",
    "savings",
    "barriers",
    "benefits",
    "technologies",
    "methodology",
    "phase",
    "start_date",
    "end_date",
    "plan",
    "scope",
    "objectives",
    "milestones",
    "areas",
    "transformation_types",
    "tags",
    "documentation",
)


def _empty_value(key: str) -> Any:
    """What a field holds when the record omits it: [] for lists, else null."""
    kind = load_schema()["properties"][key].get("type")
    return [] if kind == "array" else None


class RecordField(serializers.Field):
    """One key of the page's interchange record (computed once per page)."""

    def __init__(self, key: str, **kwargs):
        self.key = key
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page: ProjectPage) -> Any:
        record = getattr(page, "_api_record", None)
        if record is None:
            # Without contacts, ever: they are personal data.
            record = page_to_record(page, read_only=False)
            page._api_record = record
        return record.get(self.key, _empty_value(self.key))


PROJECT_API_FIELDS = [
    APIField(key, serializer=RecordField(key)) for key in PROJECT_FIELDS
]


class SessionOnly:
    """Who may see a restricted page or collection is decided by the site's own
    login (the session), as on the HTML pages. REST framework's default would also
    accept HTTP Basic credentials on every request: a password-guessing endpoint
    outside the login's rate limits."""

    authentication_classes = [SessionAuthentication]


class ProjectPagesAPIViewSet(SessionOnly, PagesAPIViewSet):
    """Wagtail's pages endpoint, with the project file's fields on ProjectPage."""

    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        if issubclass(model, ProjectPage):
            fields = fields + PROJECT_API_FIELDS
        return fields

    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, ProjectPage):
            # A listing of project files in a fixed number of queries.
            queryset = ProjectPage.with_related(queryset.select_related("locale"))
        return queryset


class PublicImagesAPIViewSet(SessionOnly, ImagesAPIViewSet):
    """Images outside restricted collections (Wagtail's own filter)."""


class PublicDocumentsAPIViewSet(SessionOnly, DocumentsAPIViewSet):
    """Documents outside restricted collections (Wagtail's own filter)."""


class APIRouter(WagtailAPIRouter):
    """Wagtail's router, whose 404s stay 404s.

    Django's LocaleMiddleware answers a 404 on a path without a language prefix
    with a redirect to /ca/<path> when that path resolves, and Wagtail's catch-all
    resolves everything: /api/v2/pages/999/ would redirect to an HTML page. The
    middleware only does so when the request's URLconf uses i18n_patterns, so the
    API's responses name the machine URLconf (no language prefix) instead.
    """

    def wrap_view(self, func):
        wrapped = super().wrap_view(func)

        @functools.wraps(func)
        def view(request, *args, **kwargs):
            response = wrapped(request, *args, **kwargs)
            request.urlconf = "opendata.urls"
            return response

        return view


api_router = APIRouter("wagtailapi_v2")
api_router.register_endpoint("pages", ProjectPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
