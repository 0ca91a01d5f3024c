"""Members' own pages: the public profile, editing one's profile, downloading
one's data and deleting one's account. Signing up, in and out and passwords are
django-allauth's (templates/account/)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import CharField, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from project_pages.models import ProjectPage

from . import forum_access
from .accounts import delete_account
from .data_export import export_filename, export_zip
from .directory import DirectoryForm, directory_members
from .forms import DeleteAccountForm, ProfileForm
from .models import Comment, Member, MemberProject, MemberStatus, Post, Status, Topic
from .rendering import render_text

CONTRIBUTIONS_PER_PAGE = 20
MEMBERS_PER_PAGE = 20


def own_member(user) -> Member:
    """The signed-in user's profile; accounts made outside the signup form (an
    editor's, from createsuperuser) get one on first visit."""
    member, _created = Member.objects.get_or_create(
        user=user,
        defaults={
            "display_name": user.get_full_name() or user.email.split("@")[0] or "—"
        },
    )
    return member


def contribution_url(item) -> str | None:
    """Where a contribution can be read: its own permalink when the model has
    one, else the commented page's anchor."""
    get_url = getattr(item, "get_absolute_url", None)
    if get_url is not None:
        try:
            return get_url()
        except Exception:  # noqa: BLE001 - no route yet: shown without a link
            return None
    if isinstance(item, Comment):
        url = item.page.url
        return f"{url}#comment-{item.pk}" if url else None
    return None


def visible_contributions(member: Member, viewer=None):
    """(kind, pk, created_at) rows of what others may see of the member, newest
    first, as one query the paginator can count and slice. Topics and replies
    only in the forum categories ``viewer`` (a user) may read: a private group's
    discussions show to its members only (``forum_access``)."""
    kind = CharField()
    comments = (
        Comment.objects.visible()
        .filter(author=member, page__live=True)
        .annotate(kind=Value("comment", output_field=kind))
        .values_list("kind", "pk", "created_at")
        .order_by()
    )
    topics = (
        Topic.objects.visible()
        .filter(author=member)
        .filter(forum_access.readable(viewer))
        .annotate(kind=Value("topic", output_field=kind))
        .values_list("kind", "pk", "created_at")
        .order_by()
    )
    posts = (
        Post.objects.visible()
        .filter(author=member, topic__status=Status.VISIBLE)
        .filter(forum_access.readable(viewer, "topic__category"))
        .annotate(kind=Value("post", output_field=kind))
        .values_list("kind", "pk", "created_at")
        .order_by()
    )
    return comments.union(topics, posts, all=True).order_by("-created_at", "-pk")


def load_contributions(rows) -> list:
    """The objects behind one page of ``visible_contributions`` rows, in order,
    with three queries at most."""
    wanted: dict[str, list[int]] = {"comment": [], "topic": [], "post": []}
    for kind, pk, _created in rows:
        wanted[kind].append(pk)
    loaded = {
        "comment": Comment.objects.select_related("page").in_bulk(wanted["comment"]),
        "topic": Topic.objects.select_related("category__area").in_bulk(
            wanted["topic"]
        ),
        "post": Post.objects.select_related("topic").in_bulk(wanted["post"]),
    }
    items = []
    for kind, pk, _created in rows:
        item = loaded[kind].get(pk)
        if item is None:
            continue
        if kind == "comment":
            context = item.page.title
        elif kind == "topic":
            context = item.category.name
        else:
            context = item.topic.title
        items.append(
            {
                "kind": kind,
                "item": item,
                "context": context,
                "url": contribution_url(item),
            }
        )
    return items


def member_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's public page. Never their email address; a banned member's page
    stays (their contributions are still in threads) without the bio, where spam
    links tend to be."""
    member = get_object_or_404(Member.objects.select_related("entity"), pk=pk)
    paginator = Paginator(
        visible_contributions(member, request.user), CONTRIBUTIONS_PER_PAGE
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    banned = member.status == MemberStatus.BANNED
    professional = (
        not banned
        and Member.objects.visible_to(request.user).filter(pk=member.pk).exists()
    )
    return render(
        request,
        "community/members/profile.html",
        {
            "member": member,
            "banned": banned,
            # One renderer for every member's text (comments, forum, bios):
            # escaped, sanitised, links rel="nofollow ugc noopener".
            "bio": "" if banned else render_text(member.bio),
            "page_obj": page_obj,
            "contributions": load_contributions(page_obj.object_list),
            # Areas, expertise and projects follow the member's visibility.
            "professional": professional,
            "areas": member.expertise_areas.all() if professional else [],
            "project_links": (
                member.project_links.filter(page__live=True).select_related("page")
                if professional
                else []
            ),
            "is_own": request.user.is_authenticated
            and member.user_id == request.user.pk,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own profile; there is no way to name another."""
    member = own_member(request.user)
    form = ProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("community:profile_edit")
    return render(
        request,
        "community/members/profile_edit.html",
        {"form": form, "member": member},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def data_download(request: HttpRequest) -> HttpResponse:
    """ "Download my data": everything we hold about the member, as a ZIP."""
    response = HttpResponse(export_zip(request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete the account after the member types their email or password."""
    user = request.user
    if user.is_staff or user.is_superuser:
        return render(
            request, "community/members/delete.html", {"staff": True}, status=403
        )
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        delete_account(user)
        logout(request)
        return render(request, "community/members/deleted.html")
    return render(request, "community/members/delete.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def directory(request: HttpRequest) -> HttpResponse:
    """The members' directory: the professional profiles the viewer may see,
    filtered by a GET form (works without JavaScript)."""
    form = DirectoryForm(request.GET or None, user=request.user)
    # A value that is not understood is left out; the others still apply.
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data
    paginator = Paginator(directory_members(request.user, filters), MEMBERS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/members/directory.html",
        {
            "form": form,
            "page_obj": page_obj,
            "members": page_obj.object_list,
            "query": query.urlencode(),
            "filtered": any(filters.values()) if filters else False,
        },
    )


@login_required
@require_http_methods(["POST"])
def project_claim(request: HttpRequest, page_id: int) -> HttpResponse:
    """ "I worked on this project": the signed-in member declares the project
    file, with their role in it; shown under "People who worked on this"."""
    page = get_object_or_404(ProjectPage.objects.live().public(), pk=page_id)
    member = own_member(request.user)
    role = " ".join(request.POST.get("role", "").split())[:120]
    link, created = MemberProject.objects.get_or_create(
        member=member, page=page, defaults={"role": role}
    )
    if not created and role:
        link.role = role
        link.save(update_fields=["role"])
    messages.success(
        request,
        _(
            "The project file is now in your profile. Who sees it follows your "
            "profile's visibility."
        ),
    )
    return redirect(page.url + "#people")
