"""Follow and unfollow buttons, the member's "Following" page, unsubscribing.

The buttons are plain POST forms (CSRF-protected by the middleware, no
JavaScript) naming what to do (``action``: follow or unfollow), so that a form
submitted twice does the same thing twice: idempotent. After it, the member goes
back to where the button was (``next``, when it is a URL of this site, plus the
button's anchor), and the button says what was done, once, in a status message.

The unsubscribe link of the emails needs no login: its signed token names the
member. GET shows a confirmation button (mail scanners follow links); POST
applies it, and is exempt from CSRF so that mail clients' one-click unsubscribe
(RFC 8058, ``List-Unsubscribe-Post``) works: the token is the credential.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import following, forum_access
from .models import ForumCategory, Frequency, Status, Topic
from .notifications import member_from_token, unsubscribe
from .views_comments import commentable_page, member_of

# The button just used and what it did, until the page shows it next to it.
CONFIRMATION_KEY = "community:follow-done"


def _target(request: HttpRequest, kind: str, pk: str):
    """The followable object named in the URL, as others may see it, or 404
    (a topic or category the viewer may not read, e.g. a private group's)."""
    if kind == "page":
        if not pk.isdigit():
            raise Http404
        return commentable_page(request, int(pk))
    if kind == "topic":
        if not pk.isdigit():
            raise Http404
        obj = (
            Topic.objects.filter(pk=pk, status=Status.VISIBLE)
            .select_related("category")
            .first()
        )
        if obj is not None and not forum_access.may_read(obj.category, request.user):
            obj = None
    elif kind == "category":
        if not pk.isdigit():
            raise Http404
        obj = ForumCategory.objects.select_related("area").filter(pk=pk).first()
        if obj is not None and not forum_access.may_read(obj, request.user):
            obj = None
    elif kind == "area":
        obj = following.target_model("area").objects.filter(pk=pk).first()
    else:
        raise Http404
    if obj is None:
        raise Http404
    return obj


def target_url(obj) -> str:
    """Where a followed thing can be read (empty when it has no page of its own)."""
    if hasattr(obj, "get_url"):
        return obj.get_url() or ""
    get_url = getattr(obj, "get_absolute_url", None)
    try:
        if get_url is not None:
            return get_url()
        if isinstance(obj, Topic):
            return reverse("community:forum_topic", args=[obj.pk])
        if isinstance(obj, ForumCategory):
            return reverse("community:forum_category", args=[obj.url_slug])
    except NoReverseMatch:
        return ""
    return ""


def _next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback or reverse("community:following")


@require_POST
def follow_toggle(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    """Follow (``action=follow``) or stop following (``action=unfollow``)."""
    obj = _target(request, kind, pk)
    back = _next(request, target_url(obj))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    action = request.POST.get("action")
    if action not in ("follow", "unfollow"):
        return HttpResponse(status=400)
    member = member_of(request.user)
    if action == "follow":
        following.follow(member, obj)
    else:
        following.unfollow(member, obj)
    # Back to the button itself (its anchor), where it says what just happened
    # (templates/community/following/button.html): no scrolling up to look.
    request.session[CONFIRMATION_KEY] = {
        "target": anchor(kind, obj.pk),
        "action": action,
    }
    return HttpResponseRedirect(back.split("#", 1)[0] + "#" + anchor(kind, obj.pk))


def anchor(kind: str, pk) -> str:
    """The id of a follow button, and the anchor the member comes back to."""
    return f"follow-{kind}-{pk}"


def pop_confirmation(request: HttpRequest | None, target: str) -> str:
    """ "follow" or "unfollow" when the member has just done it with the button
    ``target``, once; else ""."""
    session = getattr(request, "session", None)
    if session is None:
        return ""
    done = session.get(CONFIRMATION_KEY)
    if isinstance(done, dict) and done.get("target") == target:
        del session[CONFIRMATION_KEY]
        return done.get("action", "")
    return ""


def following_name(obj) -> str:
    return str(getattr(obj, "title", None) or obj)


def _still_readable(request: HttpRequest, kind: str, obj) -> bool:
    if kind == "topic":
        return forum_access.may_read(obj.category, request.user)
    if kind == "category":
        return forum_access.may_read(obj, request.user)
    return True


@login_required
@never_cache
def following_list(request: HttpRequest) -> HttpResponse:
    """What the signed-in member follows, each with its unfollow button; the
    areas, which have no page of their own, can be followed from here. Topics
    and categories the member may no longer read (a private group they left)
    are not shown: nothing about them is sent either."""
    member = member_of(request.user)
    rows = [
        {"kind": kind, "obj": obj, "name": following_name(obj), "url": target_url(obj)}
        for kind, obj in following.followed_targets(member)
        if _still_readable(request, kind, obj)
    ]
    followed_areas = {row["obj"].pk for row in rows if row["kind"] == "area"}
    areas = [
        {"obj": area, "name": str(area), "following": area.pk in followed_areas}
        for area in following.target_model("area").objects.all()
    ]
    return render(
        request,
        "community/following/list.html",
        {
            "member": member,
            "rows": rows,
            "areas": areas,
            "frequency_label": Frequency(member.frequency).label,
        },
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    member = member_from_token(token)
    if member is None:
        raise Http404
    if request.method == "POST":
        unsubscribe(member)
        return render(
            request, "community/following/unsubscribed.html", {"member": member}
        )
    return render(
        request,
        "community/following/unsubscribe.html",
        {"member": member, "token": token},
    )
