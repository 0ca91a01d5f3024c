"""The coordinators' buttons for the project files their group follows (on the
Manage page): add one by its title or address, remove one."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import group_projects as rules
from .access import coordinated_group
from .models_projects import GroupProject


def _manage_url(group) -> str:
    return (
        reverse("practice:manage", args=[group.community.slug, group.slug])
        + "#projects"
    )


def _hosts(request: HttpRequest) -> set[str]:
    hosts = {request.get_host().split(":")[0]}
    public = urlsplit(settings.PUBLIC_BASE_URL).hostname
    if public:
        hosts.add(public)
    return hosts


@require_POST
@login_required
def add(request: HttpRequest, community: str, group: str) -> HttpResponse:
    found, viewer = coordinated_group(request, community, group)
    typed = request.POST.get("project", "")[:500]
    try:
        page = rules.find_project(typed, _hosts(request))
        rules.add(found, viewer, page)
    except rules.ProjectError as error:
        messages.error(request, str(error))
        # The Manage page shows what was typed again.
        request.session["practice_project_typed"] = typed
    else:
        messages.success(
            request,
            _("The group now follows “%(title)s”.") % {"title": page.title},
        )
    return HttpResponseRedirect(_manage_url(found))


@require_POST
@login_required
def remove(request: HttpRequest, community: str, group: str, pk: int) -> HttpResponse:
    found, _viewer = coordinated_group(request, community, group)
    link = GroupProject.objects.filter(group=found, pk=pk).select_related("page")
    link = link.first()
    if link is None:
        messages.error(request, _("The group no longer follows that project file."))
    else:
        link.delete()
        messages.success(
            request,
            _("The group no longer follows “%(title)s”.") % {"title": link.page.title},
        )
    return HttpResponseRedirect(_manage_url(found))
