"""A group's announcements on the public site: the coordinators' form (on the
Manage page, and a page of its own when something must be corrected), the
list of past announcements, the member's switch for the emails, and the
one-click unsubscribe link of the emails.

The group is looked up as every practice view does (``views._group``: a private
group is a 404 outside it). The unsubscribe link needs no session: its signed
token names the member; a private group answers it only for its members (and
for whoever unsubscribed already), so a token is no way to learn the group's
name. GET shows a button (mail scanners follow links); POST applies it without
CSRF, so that mail clients' one-click unsubscribe (RFC 8058) works.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community.models import Member
from community.notifications import member_from_token
from community.views_comments import member_of

from . import announcements as rules
from . import views as group_views
from .models import InterestGroup, Membership, State
from .models_announcements import BODY_MAX, SUBJECT_MAX, AnnouncementOptOut

PER_PAGE = 20


class AnnouncementForm(forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Subject"), max_length=SUBJECT_MAX, strip=True
    )
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=BODY_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Plain text. It is emailed to the group's members and listed on the "
            "group's page (which everyone can read, unless the group is private)."
        ),
    )


def group_context(group: InterestGroup, own: Membership | None) -> dict:
    """What the group's page shows of its announcements (nothing to those who
    may not see the group's content)."""
    if not group.content_visible_to(own):
        return {"announcements": [], "announcement_total": 0}
    listed = rules.shown(group)
    is_member = own is not None and own.state == State.MEMBER
    return {
        "announcements": list(listed[: rules.ON_GROUP_PAGE]),
        "announcement_total": listed.count(),
        "announcements_by_email": rules.wants_email(group, own.member)
        if is_member
        else None,
    }


def manage_context(group: InterestGroup, form: AnnouncementForm | None = None) -> dict:
    """The announcements part of the coordinators' Manage page."""
    return {
        "announcement_form": form or AnnouncementForm(),
        "recent_announcements": list(rules.shown(group)[: rules.ON_GROUP_PAGE]),
        "announcements_left": rules.remaining_this_week(group),
        "announcements_per_week": rules.PER_GROUP_PER_WEEK,
    }


def announcements(request: HttpRequest, community: str, group: str) -> HttpResponse:
    """Every announcement of the group, newest first."""
    found = group_views._group(request, community, group)
    viewer = member_of(request.user) if request.user.is_authenticated else None
    own = found.membership_of(viewer)
    if not found.content_visible_to(own):
        raise Http404
    page = Paginator(rules.shown(found), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "practice/announcements.html",
        {"group": found, "community": found.community, "page": page, "own": own},
    )


def _coordinator(request: HttpRequest, found: InterestGroup) -> Member:
    viewer = member_of(request.user)
    own = found.membership_of(viewer)
    if own is None or not own.is_coordinator:
        if not found.content_visible_to(own):
            raise Http404
        raise PermissionDenied
    return viewer


@login_required
def announce(request: HttpRequest, community: str, group: str) -> HttpResponse:
    """Post an announcement: from the Manage page's form; on a mistake or a
    limit, this page shows the form again with what was typed and why."""
    found = group_views._group(request, community, group)
    viewer = _coordinator(request, found)
    status = 200
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        if form.is_valid():
            try:
                announcement = rules.post(
                    found,
                    viewer,
                    form.cleaned_data["subject"],
                    form.cleaned_data["body"],
                )
            except rules.AnnouncementError as error:
                form.add_error(None, str(error))
                status = 429
            else:
                count = rules.recipients(found).count()
                messages.success(
                    request,
                    ngettext(
                        "Your announcement “%(subject)s” is being emailed to "
                        "%(count)d member of the group.",
                        "Your announcement “%(subject)s” is being emailed to "
                        "%(count)d members of the group.",
                        count,
                    )
                    % {"subject": announcement.subject, "count": count},
                )
                manage = reverse("practice:manage", args=[community, group])
                return HttpResponseRedirect(manage + "#announcements")
        else:
            status = 400
    else:
        form = AnnouncementForm()
    return render(
        request,
        "practice/announce.html",
        {
            "group": found,
            "community": found.community,
            **manage_context(found, form),
        },
        status=status,
    )


@require_POST
@login_required
def email_choice(request: HttpRequest, community: str, group: str) -> HttpResponse:
    """A member's switch: this group's announcements by email, or not."""
    found = group_views._group(request, community, group)
    viewer = member_of(request.user)
    own = found.membership_of(viewer)
    if own is None or own.state != State.MEMBER:
        if not found.content_visible_to(own):
            raise Http404
        raise PermissionDenied
    if request.POST.get("email") == "on":
        rules.resubscribe(found, viewer)
        messages.success(
            request, _("You will receive this group's announcements by email.")
        )
    else:
        rules.unsubscribe(found, viewer)
        messages.success(
            request,
            _(
                "You will not receive this group's announcements by email any "
                "more. They stay on the group's page."
            ),
        )
    return HttpResponseRedirect(found.get_absolute_url() + "#announcements")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(
    request: HttpRequest, community: str, group: str, token: str
) -> HttpResponse:
    member = member_from_token(token)
    found = (
        InterestGroup.objects.select_related("community")
        .filter(community__slug=community, slug=group)
        .first()
    )
    if member is None or found is None:
        raise Http404
    if found.is_private and not (
        found.members().filter(member=member).exists()
        or AnnouncementOptOut.objects.filter(group=found, member=member).exists()
    ):
        raise Http404
    context = {"group": found, "community": found.community, "member": member}
    if request.method == "POST":
        rules.unsubscribe(found, member)
        return render(request, "practice/announcements_unsubscribed.html", context)
    return render(
        request, "practice/announcements_unsubscribe.html", {**context, "token": token}
    )
