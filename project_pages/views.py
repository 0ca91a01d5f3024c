"""Small JSON endpoints for the editors' forms."""

from django.http import JsonResponse

from project_pages.gazetteer import search_places


def gazetteer_lookup(request):
    """Autocomplete for the gazetteer: ``?q=vic`` → places, bigger first."""
    query = request.GET.get("q", "")[:100]
    places = search_places(query, limit=12)
    return JsonResponse({"results": [place.as_json() for place in places]})
