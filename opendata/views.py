"""Open data views: the files, the DCAT-AP catalogue and the page for people."""

from __future__ import annotations

from django.conf import settings
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from core.base_url import absolute_url, site_root_url
from core.caching import timeout
from opendata import datasets as opendata
from project_pages.interchange import SCHEMA_PATH

CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present"


def _download(request: HttpRequest, name: str, content_type: str) -> HttpResponse:
    """A built file, streamed from disk, with validators for conditional GETs.

    The ETag is the content version, the same for the three files (each URL has
    its own ETag space); Last-Modified is when the files were built.
    """
    export = opendata.current_export()
    etag = f'"{export.version}"'
    last_modified = int(export.generated_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            export.path(name).open("rb"),
            content_type=content_type,
            as_attachment=True,
            filename=name,
        )
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=timeout())
    return response


@require_safe
def projects_json(request: HttpRequest) -> HttpResponse:
    return _download(request, opendata.JSON_NAME, "application/json")


@require_safe
def projects_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, opendata.CSV_NAME, CSV_CONTENT_TYPE)


@require_safe
def projects_zip(request: HttpRequest) -> HttpResponse:
    return _download(request, opendata.ZIP_NAME, "application/zip")


@require_safe
def schema(request: HttpRequest) -> HttpResponse:
    response = FileResponse(
        SCHEMA_PATH.open("rb"), content_type="application/schema+json"
    )
    patch_cache_control(response, public=True, max_age=timeout())
    return response


def _absolute_urls(request: HttpRequest) -> dict[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        page = reverse("opendata_page")
    paths = {
        "home": "/",
        "page": page,
        "catalogue": reverse("opendata_catalogue"),
        "json": reverse("opendata_json"),
        "csv": reverse("opendata_csv"),
        "zip": reverse("opendata_zip"),
        "schema": reverse("opendata_schema"),
    }
    # The site's address, not the request's: portals keep these URLs.
    root = site_root_url(request)
    return {key: absolute_url(path, root=root) for key, path in paths.items()}


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP record, for open data portals to harvest."""
    response = JsonResponse(
        opendata.catalogue(_absolute_urls(request)),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    patch_cache_control(response, public=True, max_age=timeout())
    return response


@require_safe
def opendata_root(request: HttpRequest) -> HttpResponse:
    """/opendata/ itself: the page for people, in the visitor's language."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        return HttpResponseRedirect(reverse("opendata_page"))


@require_safe
def opendata_page(request: HttpRequest) -> HttpResponse:
    """What the files are, their licence and columns, and the links."""
    translation_urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation_urls[code] = reverse("opendata_page")
    facts = opendata.catalogue_facts()
    files = [
        {
            "url": reverse("opendata_json"),
            "name": opendata.JSON_NAME,
            "format": "JSON",
            "kind": "json",
        },
        {
            "url": reverse("opendata_csv"),
            "name": opendata.CSV_NAME,
            "format": "CSV",
            "kind": "csv",
        },
        {
            "url": reverse("opendata_zip"),
            "name": opendata.ZIP_NAME,
            "format": "ZIP",
            "kind": "zip",
        },
    ]
    return render(
        request,
        "opendata/open_data_page.html",
        {
            "files": files,
            "licence": opendata.licence(),
            "columns": opendata.COLUMNS,
            "list_separator": opendata.LIST_SEPARATOR,
            "count": facts["count"],
            "modified": facts["modified"],
            "catalogue_url": reverse("opendata_catalogue"),
            "schema_url": reverse("opendata_schema"),
            "api_url": reverse("wagtailapi_v2:pages:listing")
            + "?type=project_pages.ProjectPage&fields=*",
            "translation_urls": translation_urls,
        },
    )
