"""A group's shared documents: members share them from the group page, members
download them (always as a download: ``core.downloads``), the uploader or a
coordinator deletes them. Anyone else gets a 404 on every address here, for
every kind of group: documents are for the group's members only."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import attachment_response

from . import documents as rules
from .access import member_group
from .models_documents import GroupDocument
from .notify import announce
from .views import _group, _viewer


def _back(group) -> HttpResponseRedirect:
    return HttpResponseRedirect(group.get_absolute_url() + "#documents")


@login_required
def share(request: HttpRequest, community: str, group: str) -> HttpResponse:
    """The group page's form posts here; a refusal shows this page again with
    the title kept (a browser cannot keep the chosen file)."""
    found, viewer = member_group(request, community, group)
    title = request.POST.get("title", "")
    error = ""
    if request.method == "POST":
        try:
            document = rules.share(found, viewer, request.FILES.get("file"), title)
        except rules.DocumentError as refusal:
            error = str(refusal)
        else:
            announce(found, f"document:{document.pk}", viewer)
            messages.success(
                request,
                _("“%(title)s” is shared with the group.") % {"title": document.title},
            )
            return _back(found)
    return render(
        request,
        "practice/document_form.html",
        {
            "group": found,
            "community": found.community,
            "title": title[:200],
            "error": error,
            "limits": upload_limits(),
        },
        status=400 if error else 200,
    )


def upload_limits() -> dict:
    return {"types": rules.accepted_types(), "max_size": rules.MAX_SIZE}


def _document(request: HttpRequest, community: str, group: str, pk: int):
    """The document, if the viewer is a member of its group; 404 otherwise
    (whoever they are: nothing says the document exists)."""
    found = _group(request, community, group)
    viewer = _viewer(request)
    if not rules.is_member(found, viewer):
        raise Http404
    document = GroupDocument.objects.filter(group=found, pk=pk).first()
    if document is None:
        raise Http404
    return found, viewer, document


def download(
    request: HttpRequest, community: str, group: str, pk: int, name: str = ""
) -> HttpResponse:
    _found, _viewer_member, document = _document(request, community, group, pk)
    try:
        path = Path(document.file.path)
    except (ValueError, NotImplementedError):
        raise Http404 from None
    if not path.is_file():
        raise Http404
    return attachment_response(request, path, document.file_name)


@require_POST
@login_required
def delete(request: HttpRequest, community: str, group: str, pk: int) -> HttpResponse:
    found, viewer, document = _document(request, community, group, pk)
    try:
        rules.delete(document, viewer)
    except rules.DocumentError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("“%(title)s” is deleted.") % {"title": document.title}
        )
    return _back(found)
