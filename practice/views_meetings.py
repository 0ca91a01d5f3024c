"""A group's meetings: coordinators schedule, edit and cancel them (from the
Manage page); everyone who may see the group's content gets an ``.ics`` per
meeting and the group's calendar feed. A private group's feed is read through
a member's secret address (``CalendarKey``): a calendar client cannot sign in.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import coordinated_group, group_with_content, member_group
from .forms_meetings import MeetingForm
from .ical import meetings_response
from .models import InterestGroup, State
from .models_meetings import CalendarKey, Meeting
from .notify import announce

# How far back a feed goes: a year of past meetings, and every coming one.
FEED_PAST = timedelta(days=365)


def _manage_url(group: InterestGroup) -> str:
    return (
        reverse("practice:manage", args=[group.community.slug, group.slug])
        + "#meetings"
    )


def _form_page(request, group, form, meeting=None, status=200) -> HttpResponse:
    return render(
        request,
        "practice/meeting_form.html",
        {
            "group": group,
            "community": group.community,
            "form": form,
            "meeting": meeting,
        },
        status=status,
    )


@login_required
def schedule(request: HttpRequest, community: str, group: str) -> HttpResponse:
    found, viewer = coordinated_group(request, community, group)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            meeting = form.save(commit=False)
            meeting.group = found
            meeting.created_by = viewer
            meeting.save()
            announce(found, f"meeting:{meeting.pk}", viewer)
            messages.success(
                request,
                _("The meeting “%(title)s” is scheduled.") % {"title": meeting.title},
            )
            return HttpResponseRedirect(_manage_url(found))
        return _form_page(request, found, form, status=400)
    return _form_page(request, found, form)


def _meeting_of(group: InterestGroup, pk: int) -> Meeting:
    return get_object_or_404(Meeting, group=group, pk=pk)


@login_required
def edit(request: HttpRequest, community: str, group: str, pk: int) -> HttpResponse:
    found, _viewer = coordinated_group(request, community, group)
    meeting = _meeting_of(found, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST":
        if form.is_valid():
            meeting = form.save(commit=False)
            meeting.sequence += 1
            meeting.save()
            messages.success(
                request,
                _("The meeting “%(title)s” is updated.") % {"title": meeting.title},
            )
            return HttpResponseRedirect(_manage_url(found))
        return _form_page(request, found, form, meeting, status=400)
    return _form_page(request, found, form, meeting)


@require_POST
@login_required
def cancel(request: HttpRequest, community: str, group: str, pk: int) -> HttpResponse:
    found, _viewer = coordinated_group(request, community, group)
    meeting = _meeting_of(found, pk)
    if meeting.is_cancelled:
        messages.error(request, _("This meeting was cancelled already."))
    else:
        meeting.cancelled_at = timezone.now()
        meeting.sequence += 1
        meeting.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        messages.success(
            request,
            _("The meeting “%(title)s” is cancelled; calendars will show it.")
            % {"title": meeting.title},
        )
    return HttpResponseRedirect(_manage_url(found))


def meeting_ics(
    request: HttpRequest, community: str, group: str, pk: int
) -> HttpResponse:
    found, own = group_with_content(request, community, group)
    meeting = _meeting_of(found, pk)
    member = own is not None and own.state == State.MEMBER
    return meetings_response(
        found,
        [meeting],
        request,
        f"reunio-{meeting.pk}.ics",
        meeting.title,
        video=member,
    )


def _feed(request: HttpRequest, found: InterestGroup, *, video: bool) -> HttpResponse:
    meetings = found.meetings.filter(ends_at__gte=timezone.now() - FEED_PAST)
    return meetings_response(
        found,
        meetings.order_by("starts_at", "pk"),
        request,
        f"{found.slug}.ics",
        found.title,
        video=video,
    )


def group_calendar(request: HttpRequest, community: str, group: str) -> HttpResponse:
    """The calendar feed of an open or moderated group, for anyone, without the
    video links. A private group has none at a public address; every member of
    any group has their own (``member_calendar``), with the links."""
    found, _own = group_with_content(request, community, group)
    if found.is_private:
        raise Http404
    return _feed(request, found, video=False)


def member_calendar(
    request: HttpRequest, community: str, group: str, token: str
) -> HttpResponse:
    """A group's feed at a member's secret address, video links included: valid
    while that member belongs to the group, and until they ask for a new
    address."""
    key = (
        CalendarKey.objects.filter(
            token=token, group__slug=group, group__community__slug=community
        )
        .select_related("group__community", "member")
        .first()
    )
    if key is None:
        raise Http404
    found = key.group
    if not found.memberships.filter(member=key.member, state=State.MEMBER).exists():
        raise Http404
    return _feed(request, found, video=True)


def calendar_key(group: InterestGroup, member) -> CalendarKey:
    key, _created = CalendarKey.objects.get_or_create(group=group, member=member)
    key.group = group  # its address names the group and community: no query
    return key


def member_calendar_url(key: CalendarKey) -> str:
    return reverse(
        "practice:member_calendar",
        args=[key.group.community.slug, key.group.slug, key.token],
    )


@require_POST
@login_required
def new_calendar_address(
    request: HttpRequest, community: str, group: str
) -> HttpResponse:
    """A new secret address for the member's calendar of a group; the old one
    stops working at once (shared by mistake, a lost phone)."""
    found, viewer = member_group(request, community, group)
    CalendarKey.objects.filter(group=found, member=viewer).delete()
    calendar_key(found, viewer)
    messages.success(
        request,
        _(
            "Your calendar has a new address; the old one no longer works. "
            "Subscribe again with the new one."
        ),
    )
    return HttpResponseRedirect(found.get_absolute_url() + "#meetings")
