"""The forum: categories, topics, replies, their permalinks and the forum search.

Same rules and patterns as the comment threads (views_comments.py): plain POST
forms (CSRF-protected by the middleware) that work without JavaScript, the abuse
rules of ``policy`` (rate limits, core's honeypot, held first contributions, banned or
suspended members), edit within EDIT_MINUTES, delete own, report. What a viewer
sees (visible content, plus their own held or hidden contributions) is decided in
``forum.shown_to``; counts only ever include visible content.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import honeypot
from core.hashing import ip_hash

from . import following, forum, forum_access, policy
from .models import ForumCategory, Post, Status, Topic
from .rendering import render_text
from .search_index import search_forum
from .views_comments import ReportForm, member_of

DRAFT_KEY = "community:forum-draft"
NOTICE_KEY = "community:forum-notice"
MAX_LENGTH = Topic._meta.get_field("body").max_length
TITLE_LENGTH = Topic._meta.get_field("title").max_length


class TopicForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=TITLE_LENGTH,
        strip=True,
        error_messages={"required": gettext_lazy("Give your topic a title.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": gettext_lazy("Write something first.")},
    )
    projects = forms.CharField(
        label=gettext_lazy("Project files this topic is about"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Paste the address of one or more project files, one a line. Links to "
            "project files in your message are added too."
        ),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your reply"),
        max_length=MAX_LENGTH,
        strip=True,
        error_messages={"required": gettext_lazy("Write something first.")},
    )


# Helpers ------------------------------------------------------------------------


def _notice(request: HttpRequest, topic_id: int, text: str) -> None:
    request.session[NOTICE_KEY] = {"topic": topic_id, "text": text}


def _pop(request: HttpRequest, key: str, topic_id: int) -> dict | None:
    if not request.user.is_authenticated:
        return None
    value = request.session.get(key)
    if isinstance(value, dict) and value.get("topic") == topic_id:
        del request.session[key]
        return value
    return None


def _viewer_member(request: HttpRequest):
    return member_of(request.user) if request.user.is_authenticated else None


def _visible_topic(request: HttpRequest, pk: int) -> Topic:
    """A topic the viewer may see (others' held, hidden, deleted ones, and the
    topics of a category the viewer may not read: 404)."""
    topic = (
        Topic.objects.filter(forum.shown_to(request.user))
        .select_related("author", "category__area")
        .filter(pk=pk)
        .first()
    )
    if topic is None or not forum_access.may_read(topic.category, request.user):
        raise Http404
    return topic


def _readable_category(request: HttpRequest, slug: str) -> ForumCategory:
    """The category, if the viewer may read it; 404 otherwise (an unlisted
    category of a private group is never confirmed to exist). Listed categories
    answer to their slug in any language (``ForumCategory.url_slugs``)."""
    category = ForumCategory.objects.select_related("area").filter(slug=slug).first()
    if category is None:
        category = next(
            (
                found
                for found in ForumCategory.objects.filter(listed=True).select_related(
                    "area"
                )
                if slug in found.url_slugs()
            ),
            None,
        )
    if category is None or not forum_access.may_read(category, request.user):
        raise Http404
    return category


def _in_this_language(request: HttpRequest, category: ForumCategory, slug: str):
    """A redirect to the category's address in the active language when it was
    reached by another (a link from the language switcher, an old address)."""
    if slug == category.url_slug:
        return None
    url = request.resolver_match
    target = reverse(url.view_name, kwargs={**url.kwargs, "slug": category.url_slug})
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)


def _members_only(request: HttpRequest, category: ForumCategory) -> HttpResponse:
    """A reader who may not post here (not a member of the group) tried to."""
    return render(
        request,
        "community/forum/members_only.html",
        {
            "category": category,
            "hint": forum_access.posting_hint(category, request.user),
        },
        status=403,
    )


def topic_url(topic_id: int, page: int = 1, anchor: str = "") -> str:
    url = reverse("community:forum_topic", args=[topic_id])
    if page > 1:
        url += f"?page={page}"
    return url + (f"#{anchor}" if anchor else "")


def _error_text(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _page_number(request: HttpRequest) -> str:
    return request.GET.get("page") or "1"


# Home, categories, search -------------------------------------------------------


def forum_home(request: HttpRequest) -> HttpResponse:
    """The listed categories only: a group's discussions are on its page."""
    return render(
        request,
        "community/forum/home.html",
        {"categories": forum.categories_with_stats()},
    )


def category_view(request: HttpRequest, slug: str) -> HttpResponse:
    category = _readable_category(request, slug)
    moved = _in_this_language(request, category, slug)
    if moved is not None:
        return moved
    paginator = Paginator(forum.topics_for(category, request.user), forum.PAGE_SIZE)
    page_obj = paginator.get_page(_page_number(request))
    return render(
        request,
        "community/forum/category.html",
        {
            "category": category,
            "page_obj": page_obj,
            "topics": page_obj.object_list,
            "form": TopicForm(),
            "honeypot": honeypot.POST_FIELD,
            "can_post": forum_access.may_post(category, request.user),
            "follow_label": forum_access.follow_label(category),
            "posting_hint": forum_access.posting_hint(category, request.user),
        },
    )


def forum_search(request: HttpRequest) -> HttpResponse:
    categories = list(ForumCategory.objects.filter(listed=True).select_related("area"))
    category = None
    wanted = request.GET.get("category") or ""
    for candidate in categories:
        if wanted and wanted in candidate.url_slugs():
            category = candidate
    results = search_forum(request.GET.get("q"), category, _page_number(request))
    query = {"q": results.q}
    if category:
        query["category"] = category.url_slug
    return render(
        request,
        "community/forum/search.html",
        {
            "results": results,
            "categories": categories,
            "category": category,
            "page_obj": results.page,
            "query": urlencode(query),
        },
    )


# Topics -------------------------------------------------------------------------


def _projects_known(request: HttpRequest, form: TopicForm) -> bool:
    """False, with one error per faulty line on the field, when it names
    something that is not a published project file of this site: the topic is
    not saved and nothing typed is lost."""
    problems = forum.field_problems(
        form.cleaned_data["projects"], forum.site_hosts(request)
    )
    for problem in problems[:10]:
        form.add_error("projects", problem)
    return not problems


def _link_projects(request: HttpRequest, topic: Topic, field_text: str) -> list[str]:
    pages, unknown = forum.find_projects(
        field_text, topic.body, forum.site_hosts(request)
    )
    topic.projects.set(pages)
    return unknown


def new_topic(request: HttpRequest, slug: str) -> HttpResponse:
    category = _readable_category(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    if not forum_access.may_post(category, request.user):
        return _members_only(request, category)
    form = TopicForm(request.POST or None)
    error = ""
    if request.method == "POST":
        if honeypot.honeypot_filled(request.POST):
            error = honeypot.honeypot_message()
        elif form.is_valid() and _projects_known(request, form):
            member = member_of(request.user)
            verdict = policy.may_post(member, ip_hash(request))
            if not verdict.allowed:
                error = verdict.message
            else:
                now = timezone.now()
                topic = Topic.objects.create(
                    category=category,
                    author=member,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    status=verdict.status,
                    ip_hash=ip_hash(request),
                    created_at=now,
                    last_activity_at=now,
                )
                _link_projects(request, topic, form.cleaned_data["projects"])
                following.auto_follow(topic)
                _notice(
                    request,
                    topic.pk,
                    _(
                        "Thank you. Your topic is waiting for moderation: only you "
                        "can see it until a moderator approves it."
                    )
                    if verdict.held
                    else _("Your topic has been published."),
                )
                return HttpResponseRedirect(topic_url(topic.pk))
    return render(
        request,
        "community/forum/topic_form.html",
        {
            "category": category,
            "form": form,
            "error": error,
            "honeypot": honeypot.POST_FIELD,
        },
        status=400 if error else 200,
    )


def topic_view(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _visible_topic(request, pk)
    member = _viewer_member(request)
    may_post = forum_access.may_post(topic.category, request.user)
    paginator = Paginator(forum.posts_for(topic, request.user), forum.PAGE_SIZE)
    page_obj = paginator.get_page(_page_number(request))
    now = timezone.now()
    user_id = request.user.pk if request.user.is_authenticated else None

    def decorate(item) -> None:
        own = bool(user_id and item.author and item.author.user_id == user_id)
        item.own = own
        item.html = render_text(item.body)
        item.can_edit = own and policy.can_edit(member, item, now)
        item.can_delete = own and policy.can_delete(member, item)
        item.can_report = bool(member and not own and item.status == Status.VISIBLE)

    decorate(topic)
    posts = list(page_obj.object_list)
    for post in posts:
        decorate(post)
    draft = _pop(request, DRAFT_KEY, topic.pk)
    notice = _pop(request, NOTICE_KEY, topic.pk)
    return render(
        request,
        "community/forum/topic.html",
        {
            "topic": topic,
            "category": topic.category,
            "projects": forum.in_reader_language(topic.projects.live()),
            "page_obj": page_obj,
            "posts": posts,
            "signed_in": member is not None,
            "can_reply": member is not None
            and may_post
            and not topic.locked
            and topic.status == Status.VISIBLE,
            "posting_hint": ""
            if may_post
            else forum_access.posting_hint(topic.category, request.user),
            "can_manage": forum_access.may_manage(topic.category, request.user)
            and topic.status == Status.VISIBLE,
            "draft": draft,
            "notice": notice.get("text") if notice else None,
            "honeypot": honeypot.POST_FIELD,
            "max_length": MAX_LENGTH,
        },
    )


def reply(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    topic = _visible_topic(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(topic_url(topic.pk, anchor="reply-form"))
    if not forum_access.may_post(topic.category, request.user):
        return _members_only(request, topic.category)
    if topic.locked or topic.status != Status.VISIBLE:
        return render(
            request, "community/forum/locked.html", {"topic": topic}, status=403
        )
    body = (request.POST.get("body") or "")[: MAX_LENGTH + 1]

    def back(error: str) -> HttpResponse:
        request.session[DRAFT_KEY] = {"topic": topic.pk, "body": body, "error": error}
        last = max(1, -(-topic.reply_count // forum.PAGE_SIZE))
        return HttpResponseRedirect(topic_url(topic.pk, last, "reply-form"))

    if honeypot.honeypot_filled(request.POST):
        return back(honeypot.honeypot_message())
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return back(_error_text(form))
    member = member_of(request.user)
    verdict = policy.may_post(member, ip_hash(request))
    if not verdict.allowed:
        return back(verdict.message)
    post = Post.objects.create(
        topic=topic,
        author=member,
        body=form.cleaned_data["body"],
        status=verdict.status,
        ip_hash=ip_hash(request),
    )
    following.auto_follow(post)
    _notice(
        request,
        topic.pk,
        _(
            "Thank you. Your reply is waiting for moderation: only you can see it "
            "until a moderator approves it."
        )
        if verdict.held
        else _("Your reply has been published."),
    )
    page = forum.page_of_post(post, request.user)
    return HttpResponseRedirect(topic_url(topic.pk, page, f"post-{post.pk}"))


def post_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """/comunitat/forum/respostes/<id>/: the reply on its page of the topic."""
    post = get_object_or_404(
        Post.objects.filter(forum.shown_to(request.user)).select_related("topic"),
        pk=pk,
    )
    _visible_topic(request, post.topic_id)
    page = forum.page_of_post(post, request.user)
    return HttpResponseRedirect(topic_url(post.topic_id, page, f"post-{post.pk}"))


# Edit, delete, report (topics and replies) --------------------------------------

KINDS = {"topic": Topic, "post": Post}


def _contribution(request: HttpRequest, kind: str, pk: int):
    """The topic or reply, if the viewer may read its category (404 otherwise)."""
    model = KINDS[kind]
    related = (
        ("author", "category") if kind == "topic" else ("author", "topic__category")
    )
    item = get_object_or_404(model.objects.select_related(*related), pk=pk)
    category = item.category if kind == "topic" else item.topic.category
    if not forum_access.may_read(category, request.user):
        raise Http404
    return item


def _topic_id(item) -> int:
    return item.pk if isinstance(item, Topic) else item.topic_id


def _back_url(request: HttpRequest, item) -> str:
    if isinstance(item, Topic):
        return topic_url(item.pk)
    return topic_url(
        item.topic_id, forum.page_of_post(item, request.user), f"post-{item.pk}"
    )


@login_required
def edit_contribution(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _contribution(request, kind, pk)
    member = member_of(request.user)
    if not policy.is_author(member, item):
        raise PermissionDenied
    context = {"item": item, "kind": kind, "back": _back_url(request, item)}
    if not policy.can_edit(member, item):
        context.update(too_late=True, edit_minutes=policy.rule("EDIT_MINUTES"))
        return render(request, "community/forum/edit.html", context, status=403)
    if kind == "topic":
        initial = {
            "title": item.title,
            "body": item.body,
            "projects": "\n".join(item.projects.values_list("slug", flat=True)),
        }
        form = TopicForm(request.POST or None, initial=initial)
    else:
        form = ReplyForm(request.POST or None, initial={"body": item.body})
    if (
        request.method == "POST"
        and form.is_valid()
        and (kind != "topic" or _projects_known(request, form))
    ):
        item.body = form.cleaned_data["body"]
        item.edited_at = timezone.now()
        fields = ["body", "edited_at"]
        if kind == "topic":
            item.title = form.cleaned_data["title"]
            fields.append("title")
        item.save(update_fields=fields)
        if kind == "topic":
            _link_projects(request, item, form.cleaned_data["projects"])
        _notice(request, _topic_id(item), _("Your changes have been saved."))
        return HttpResponseRedirect(_back_url(request, item))
    context.update(form=form, deadline=policy.edit_deadline(item))
    return render(request, "community/forum/edit.html", context)


@login_required
def delete_contribution(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _contribution(request, kind, pk)
    member = member_of(request.user)
    if not policy.is_author(member, item):
        raise PermissionDenied
    if not policy.can_delete(member, item):
        raise Http404
    if request.method == "POST":
        item.status = Status.DELETED
        item.save(update_fields=["status"])
        if kind == "topic":
            return HttpResponseRedirect(
                reverse("community:forum_category", args=[item.category.url_slug])
            )
        _notice(request, item.topic_id, _("Your reply has been deleted."))
        return HttpResponseRedirect(topic_url(item.topic_id))
    return render(
        request,
        "community/forum/delete.html",
        {"item": item, "kind": kind, "back": _back_url(request, item)},
    )


@login_required
def report_contribution(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _contribution(request, kind, pk)
    if item.status != Status.VISIBLE:
        raise Http404
    member = member_of(request.user)
    if policy.is_author(member, item):
        raise PermissionDenied(_("You cannot report your own contribution."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = policy.report(member, item, form.cleaned_data["reason"])
        except policy.ReportRefused as refused:
            text = str(refused)
        else:
            text = (
                _("Thank you: a moderator will review it.")
                if outcome.created
                else _("You had already reported this.")
            )
        _notice(request, _topic_id(item), text)
        if kind == "topic" and item.status != Status.VISIBLE:
            return HttpResponseRedirect(
                reverse("community:forum_category", args=[item.category.url_slug])
            )
        return HttpResponseRedirect(topic_url(_topic_id(item)))
    return render(
        request,
        "community/forum/report.html",
        {"item": item, "kind": kind, "form": form, "back": _back_url(request, item)},
    )


# Pinning and locking (moderators; a group's coordinators in its discussions) ----

TOPIC_SWITCHES = {
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "lock": ("locked", True),
    "unlock": ("locked", False),
}


@require_POST
@login_required
def manage_topic(request: HttpRequest, pk: int) -> HttpResponse:
    """The pin and lock buttons of a topic's page. The admin keeps its own
    switches for moderators; this is where coordinators, who never use the
    admin, pin and lock the topics of their group."""
    topic = _visible_topic(request, pk)
    if topic.status != Status.VISIBLE or not forum_access.may_manage(
        topic.category, request.user
    ):
        raise PermissionDenied
    switch = TOPIC_SWITCHES.get(request.POST.get("action", ""))
    if switch is None:
        return HttpResponse(status=400)
    field, value = switch
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    _notice(
        request,
        topic.pk,
        {
            "pin": _("The topic is pinned: it comes first in the list."),
            "unpin": _("The topic is no longer pinned."),
            "lock": _("The topic is locked: it accepts no new replies."),
            "unlock": _("The topic accepts replies again."),
        }[request.POST["action"]],
    )
    return HttpResponseRedirect(topic_url(topic.pk))
