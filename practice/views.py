"""The public pages of the communities of practice.

Every group is looked up through ``InterestGroup.objects.visible_to`` (a private
group is a 404 for anyone outside it, on every URL here); its members are shown
only when ``content_visible_to`` says so. The steps themselves (join, leave,
accept...) and their rules live in ``membership``; these views read the forms,
rate-limit what a stranger could repeat, and say what happened.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.models import Member, MemberStatus
from community.views_comments import member_of
from core.ratelimit import RateLimit

from . import membership as steps
from . import views_announcements
from .models import Community, InterestGroup, Membership, Role, State
from .views_discussions import group_discussions

JOIN_LIMIT = RateLimit(steps.JOINS_PER_DAY)
INVITE_LIMIT = RateLimit(steps.INVITATIONS_PER_DAY)


def _viewer(request: HttpRequest) -> Member | None:
    return member_of(request.user) if request.user.is_authenticated else None


# Every list is paginated, so that a page costs the same with 3 groups or 3,000
# (docs/performance.md, "Communities at the reference size").
COMMUNITIES_PER_PAGE = 20
# Groups shown under each community on the communities page (the rest on the
# community's own page, GROUPS_PER_PAGE at a time).
GROUPS_PER_COMMUNITY = 3
GROUPS_PER_PAGE = 12
MEMBERS_PER_PAGE = 60


def _count_members(groups: list[InterestGroup]) -> list[InterestGroup]:
    """Set ``member_count`` on ``groups`` (one query for all of them)."""
    counts = dict(
        Membership.objects.filter(group__in=groups, state=State.MEMBER)
        .order_by()
        .values_list("group")
        .annotate(n=Count("pk"))
    )
    for found in groups:
        found.member_count = counts.get(found.pk, 0)
    return groups


def communities(request: HttpRequest) -> HttpResponse:
    """The communities (a page of them), each with how many groups the viewer
    may see and the first few of them; and the viewer's own invitations and
    groups (the member's home)."""
    visible = InterestGroup.objects.visible_to(request.user)
    page_obj = Paginator(Community.objects.all(), COMMUNITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    listing = list(page_obj.object_list)
    counts = dict(
        visible.filter(community__in=listing)
        .order_by()
        .values_list("community")
        .annotate(n=Count("pk"))
    )
    prefetch_related_objects(
        listing,
        Prefetch(
            "groups",
            queryset=visible.order_by("name", "pk")[:GROUPS_PER_COMMUNITY],
            to_attr="shown_groups",
        ),
    )
    _count_members([found for item in listing for found in item.shown_groups])
    for item in listing:
        item.group_count = counts.get(item.pk, 0)
    mine = invitations = []
    viewer = _viewer(request)
    if viewer is not None:
        own = (
            Membership.objects.filter(
                member=viewer, state__in=[State.MEMBER, State.INVITED]
            )
            .select_related("group__community")
            .order_by("group__community__name", "group__name")
        )
        mine = [m for m in own if m.state == State.MEMBER]
        invitations = [m for m in own if m.state == State.INVITED]
    return render(
        request,
        "practice/index.html",
        {
            "communities": listing,
            "page_obj": page_obj,
            "mine": mine,
            "invitations": invitations,
        },
    )


def community(request: HttpRequest, community: str) -> HttpResponse:
    """A community and a page of the groups the viewer may see."""
    found = get_object_or_404(Community, slug=community)
    groups = (
        InterestGroup.objects.visible_to(request.user)
        .filter(community=found)
        .order_by("name", "pk")
    )
    page_obj = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page_obj.object_list)
    for item in shown:
        item.community = found
    return render(
        request,
        "practice/community.html",
        {"community": found, "groups": _count_members(shown), "page_obj": page_obj},
    )


def _group(request: HttpRequest, community: str, group: str) -> InterestGroup:
    """The group, if the viewer may open it; 404 otherwise (a private group is
    never confirmed to exist)."""
    found = (
        InterestGroup.objects.visible_to(request.user)
        .select_related("community", "forum_category")
        .filter(community__slug=community, slug=group)
        .first()
    )
    if found is None:
        raise Http404
    return found


def group(request: HttpRequest, community: str, group: str) -> HttpResponse:
    """A group's page: who coordinates it and a page of its members (``?members=N``,
    so that the other sections of the page keep ``?page``)."""
    found = _group(request, community, group)
    viewer = _viewer(request)
    own = found.membership_of(viewer)
    shows_members = found.content_visible_to(own)
    members = found.members().select_related("member__entity")
    coordinators = []
    page_obj = None
    if shows_members:
        coordinators = list(members.filter(role=Role.COORDINATOR))
        page_obj = Paginator(
            members.order_by("member__display_name", "pk"), MEMBERS_PER_PAGE
        ).get_page(request.GET.get("members"))
        member_count = page_obj.paginator.count
    else:
        member_count = members.count()
    query = request.GET.copy()
    query.pop("members", None)
    return render(
        request,
        "practice/group.html",
        {
            "group": found,
            "community": found.community,
            "own": own,
            "coordinators": coordinators,
            "members": page_obj.object_list if page_obj else [],
            "members_page": page_obj,
            "members_query": query.urlencode(),
            "member_count": member_count,
            "shows_members": shows_members,
            "pending": found.memberships.filter(state=State.REQUESTED).count()
            if own is not None and own.is_coordinator
            else 0,
            **views_announcements.group_context(found, own),
            **group_discussions(request, found, own),
        },
    )


def _can_act(request: HttpRequest, member: Member) -> bool:
    if member.status == MemberStatus.BANNED or not member.can_post():
        messages.error(request, _("Your account cannot take part at the moment."))
        return False
    return True


@require_POST
@login_required
def membership(request: HttpRequest, community: str, group: str) -> HttpResponse:
    """The buttons of the group page: join (or ask to, or accept an
    invitation), leave (or withdraw a request, or decline an invitation)."""
    found = _group(request, community, group)
    viewer = member_of(request.user)
    back = HttpResponseRedirect(found.get_absolute_url())
    action = request.POST.get("action")
    if not _can_act(request, viewer):
        return back
    try:
        if action == "join":
            own = found.membership_of(viewer)
            if own is None and JOIN_LIMIT.reached(
                Membership.objects.filter(member=viewer)
            ):
                messages.error(
                    request,
                    _("You have joined many groups today. Please try again tomorrow."),
                )
                return back
            done = steps.join(found, viewer)
            if done.state == State.MEMBER:
                messages.success(request, _("Welcome to the group."))
            else:
                messages.success(
                    request,
                    _("Your request has been sent to the group's coordinators."),
                )
        elif action == "leave":
            own = found.membership_of(viewer)
            steps.leave(found, viewer)
            if own.state == State.MEMBER:
                messages.success(request, _("You have left the group."))
            elif own.state == State.INVITED:
                messages.success(request, _("You have declined the invitation."))
                return HttpResponseRedirect(reverse("practice:index"))
            else:
                messages.success(request, _("Your request has been withdrawn."))
        else:
            messages.error(request, _("Unknown action."))
    except steps.MembershipError as error:
        messages.error(request, str(error))
    if found.is_private and not found.members().filter(member=viewer).exists():
        return HttpResponseRedirect(reverse("practice:index"))
    return back


PROFILE_ADDRESS = re.compile(r"/(\d+)/?(?:[?#].*)?$")


def find_member(text: str) -> Member:
    """The member named by ``text``: the address of their public profile, or
    their display name when no one else has it."""
    text = text.strip()
    if not text:
        raise steps.MembershipError(_("Write the member's name or profile address."))
    address = PROFILE_ADDRESS.search(text) if "/" in text else None
    if address:
        found = Member.objects.filter(pk=int(address.group(1))).first()
        if found is None:
            raise steps.MembershipError(_("No member has that profile address."))
        return found
    matches = list(Member.objects.filter(display_name__iexact=text)[:2])
    if not matches:
        raise steps.MembershipError(
            _("No member is called “%(name)s”.") % {"name": text}
        )
    if len(matches) > 1:
        raise steps.MembershipError(
            _(
                "Several members are called “%(name)s”: paste the address of "
                "the right one's profile instead."
            )
            % {"name": text}
        )
    return matches[0]


def _manage_post(request: HttpRequest, found: InterestGroup, viewer: Member) -> None:
    action = request.POST.get("action")
    if action == "invite":
        typed = request.POST.get("member", "")
        if INVITE_LIMIT.reached(Membership.objects.filter(invited_by=viewer)):
            raise steps.MembershipError(
                _("You have sent many invitations today. Please try again tomorrow.")
            )
        invited = steps.invite(found, viewer, find_member(typed))
        if invited.state == State.MEMBER:
            messages.success(
                request,
                _("%(name)s is now a member.") % {"name": invited.member},
            )
        else:
            messages.success(
                request,
                _("%(name)s has been invited.") % {"name": invited.member},
            )
        return
    try:
        pk = int(request.POST.get("membership", ""))
    except ValueError:
        raise steps.MembershipError(
            _("That person is no longer in the list.")
        ) from None
    if action == "accept":
        done = steps.accept(found, viewer, pk)
        text = _("%(name)s is now a member.")
    elif action == "decline":
        done = steps.decline(found, viewer, pk)
        text = _("%(name)s will not join the group.")
    elif action == "remove":
        done = steps.remove(found, viewer, pk)
        text = _("%(name)s has been removed from the group.")
    elif action == "promote":
        done = steps.set_role(found, viewer, pk, Role.COORDINATOR)
        text = _("%(name)s is now a coordinator.")
    elif action == "demote":
        done = steps.set_role(found, viewer, pk, Role.MEMBER)
        text = _("%(name)s is no longer a coordinator.")
    else:
        raise steps.MembershipError(_("Unknown action."))
    messages.success(request, text % {"name": done.member})


@login_required
def manage(request: HttpRequest, community: str, group: str) -> HttpResponse:
    """The coordinators' page: requests, invitations, members and their roles."""
    found = _group(request, community, group)
    viewer = member_of(request.user)
    own = found.membership_of(viewer)
    if own is None or not own.is_coordinator:
        if not found.content_visible_to(own):
            raise Http404
        raise PermissionDenied
    typed = ""
    if request.method == "POST":
        typed = request.POST.get("member", "")
        try:
            _manage_post(request, found, viewer)
        except steps.MembershipError as error:
            messages.error(request, str(error))
        else:
            return HttpResponseRedirect(request.path)
    rows = found.memberships.select_related("member__entity", "invited_by")
    waiting = rows.filter(state__in=[State.REQUESTED, State.INVITED])
    # The roster a page at a time, as on the group's page (800 members, 800 forms).
    page_obj = Paginator(
        rows.filter(state=State.MEMBER).order_by("member__display_name", "pk"),
        MEMBERS_PER_PAGE,
    ).get_page(request.GET.get("members"))
    return render(
        request,
        "practice/manage.html",
        {
            "group": found,
            "community": found.community,
            "requests": [m for m in waiting if m.state == State.REQUESTED],
            "invitations": [m for m in waiting if m.state == State.INVITED],
            "members": page_obj.object_list,
            "members_page": page_obj,
            "typed": typed,
            **views_announcements.manage_context(found),
        },
    )
