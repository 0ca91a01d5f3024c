"""Thin views: the form validates, the service searches, JSON or a template renders."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from . import service
from .query import SearchError, parse_query


@require_GET
def search_api(request):
    """``GET /api/v1/projects/search/`` (shared/formats/search-api.md)."""
    try:
        query = parse_query(request.GET)
        results = service.search(query)
    except SearchError as error:
        return JsonResponse({"error": error.message, "field": error.field}, status=400)
    response = JsonResponse(results.as_json(query))
    response["Cache-Control"] = "no-cache"
    return response
