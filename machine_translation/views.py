"""The machine translation of a project file, read on the public site (reading.py)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from core.language_switcher import page_translation_urls
from machine_translation import reading
from project_pages.models import ProjectPage


def project_page(request, page_id: int):
    """A live, public project file in the visitor's language: its human
    translation when there is one (a redirect), else its machine translation."""
    target = translation.get_language()
    page = ProjectPage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404("No such project file.")
    source = reading.language_of(page)
    if source == target:
        raise Http404("The project file is in this language.")
    versions = page_translation_urls(page, request)
    if target in versions:
        return redirect(versions[target])
    if source not in versions:  # not routable (e.g. under an unpublished index)
        raise Http404("No such project file.")
    page, complete = reading.translated_copy(page, target)
    context = {
        "page": page,
        "self": page,
        "machine_translation": reading.Reading(
            source=source,
            target=target,
            original_url=versions[source],
            complete=complete,
        ),
    }
    response = render(request, "machine_translation/project_page.html", context)
    if not complete:
        # Never kept by the page cache or a proxy: the next reader may get the
        # translation.
        add_never_cache_headers(response)
    return response
