"""Who may open what of a group, for the views of its documents, meetings and
project files (``views_*``): the group is found through ``views._group`` (a
private group is a 404 outside it), then the viewer's place in it decides."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from community.models import Member
from community.views_comments import member_of

from .models import InterestGroup, Membership, State
from .views import _group, _viewer


def group_with_content(
    request: HttpRequest, community: str, group: str
) -> tuple[InterestGroup, Membership | None]:
    """The group and the viewer's membership, if the viewer may see its content
    (anyone for open and moderated groups, members for private ones); 404
    otherwise."""
    found = _group(request, community, group)
    own = found.membership_of(_viewer(request))
    if not found.content_visible_to(own):
        raise Http404
    return found, own


def member_group(
    request: HttpRequest, community: str, group: str
) -> tuple[InterestGroup, Member]:
    """The group and the signed-in viewer, who must be a member of it: 404 for
    those who may not see its content, 403 for the others."""
    found = _group(request, community, group)
    viewer = member_of(request.user)
    own = found.membership_of(viewer)
    if own is None or own.state != State.MEMBER:
        if not found.content_visible_to(own):
            raise Http404
        raise PermissionDenied
    return found, viewer


def coordinated_group(
    request: HttpRequest, community: str, group: str
) -> tuple[InterestGroup, Member]:
    """The group and the signed-in viewer, who must coordinate it."""
    found = _group(request, community, group)
    viewer = member_of(request.user)
    own = found.membership_of(viewer)
    if own is None or not own.is_coordinator:
        if not found.content_visible_to(own):
            raise Http404
        raise PermissionDenied
    return found, viewer
