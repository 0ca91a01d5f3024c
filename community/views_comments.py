"""Comment threads: posting, replying, editing, deleting, reporting, permalinks.

Every form is a plain POST form (CSRF-protected by the middleware) that works
without JavaScript. After posting, the visitor goes back to the page, to the
comment's anchor; when something is wrong they go back to the form, with the
message and the text they typed (kept in the session for one page view).
The rules (who may post, when, with what status; reports) are in ``policy``.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from core import honeypot
from core.hashing import ip_hash

from . import following, policy
from .models import MAX_COMMENT_DEPTH, Comment, Member, Status

DRAFT_KEY = "community:comment-draft"
NOTICE_KEY = "community:comment-notice"
MAX_LENGTH = Comment._meta.get_field("body").max_length


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=MAX_LENGTH,
        strip=True,
        error_messages={"required": gettext_lazy("Write something first.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why should a moderator look at it?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def commentable_types() -> tuple[type, ...]:
    from project_pages.models import ArticlePage, ProjectPage

    return (ProjectPage, ArticlePage)


def commentable_page(request: HttpRequest, page_id: int) -> Page:
    """A live, public project file or article, or 404."""
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not isinstance(page, commentable_types()):
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page


def member_of(user) -> Member:
    """The signed-in user's profile; accounts made outside the signup form (an
    editor's) get one the first time they take part."""
    member, _created = Member.objects.get_or_create(
        user=user,
        defaults={
            "display_name": user.get_full_name()
            or (user.email or "").split("@")[0]
            or user.get_username()
        },
    )
    return member


def page_url(request: HttpRequest, page: Page, anchor: str = "comments") -> str:
    return f"{page.get_url(request) or '/'}#{anchor}"


def viewer_may_see(request: HttpRequest, comment: Comment) -> bool:
    """Others see visible comments only; authors also their held or hidden ones."""
    if comment.status == Status.VISIBLE:
        return True
    user = request.user
    return bool(
        user.is_authenticated
        and comment.status in (Status.HELD, Status.HIDDEN)
        and comment.author is not None
        and comment.author.user_id == user.pk
    )


def _back_to_form(
    request: HttpRequest, page: Page, body: str, parent: int | None, error: str
) -> HttpResponseRedirect:
    request.session[DRAFT_KEY] = {
        "page": page.pk,
        "parent": parent,
        "body": body,
        "error": error,
    }
    anchor = f"reply-{parent}" if parent else "comment-form"
    return HttpResponseRedirect(page_url(request, page, anchor))


def _notice(request: HttpRequest, page_id: int, text: str) -> None:
    request.session[NOTICE_KEY] = {"page": page_id, "text": text}


@require_POST
def post_comment(request: HttpRequest, page_id: int) -> HttpResponse:
    """A new comment on a page, or a reply (``parent``)."""
    page = commentable_page(request, page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page_url(request, page, "comment-form"))
    body = (request.POST.get("body") or "")[: MAX_LENGTH + 1]
    try:
        parent_id = int(request.POST.get("parent") or 0) or None
    except ValueError:
        parent_id = None
    if honeypot.honeypot_filled(request.POST):
        return _back_to_form(
            request, page, body, parent_id, honeypot.honeypot_message()
        )
    form = CommentForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _back_to_form(request, page, body, parent_id, error)

    parent = None
    depth = 0
    if parent_id:
        parent = (
            Comment.objects.filter(page_id=page.pk, pk=parent_id, status=Status.VISIBLE)
            .only("pk", "parent_id", "depth", "page_id")
            .first()
        )
        if parent is None:
            return _back_to_form(
                request,
                page,
                body,
                None,
                _("The comment you replied to is no longer shown."),
            )
        if parent.depth >= MAX_COMMENT_DEPTH:
            # No deeper: the reply joins the level of the comment it answers.
            depth = parent.depth
            parent = Comment(pk=parent.parent_id) if parent.parent_id else None
        else:
            depth = parent.depth + 1

    member = member_of(request.user)
    verdict = policy.may_post(member, ip_hash(request))
    if not verdict.allowed:
        return _back_to_form(request, page, body, parent_id, verdict.message)
    comment = Comment.objects.create(
        page_id=page.pk,
        parent_id=parent.pk if parent else None,
        depth=depth,
        author=member,
        body=form.cleaned_data["body"],
        status=verdict.status,
        ip_hash=ip_hash(request),
    )
    following.auto_follow(comment)  # hears of the answers (community/following.py)
    if verdict.held:
        _notice(
            request,
            page.pk,
            _(
                "Thank you. Your comment is waiting for moderation: only you can "
                "see it until a moderator approves it."
            ),
        )
    else:
        _notice(request, page.pk, _("Your comment has been published."))
    return HttpResponseRedirect(page_url(request, page, f"comment-{comment.pk}"))


def _comment(pk: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("author"), pk=pk)


def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """/comunitat/comentaris/<id>/: the comment in its page."""
    comment = _comment(pk)
    if not viewer_may_see(request, comment):
        raise Http404
    page = commentable_page(request, comment.page_id)
    return HttpResponseRedirect(page_url(request, page, f"comment-{comment.pk}"))


def _own_comment(request: HttpRequest, pk: int) -> tuple[Comment, Member, Page]:
    comment = _comment(pk)
    member = member_of(request.user)
    if not policy.is_author(member, comment):
        raise PermissionDenied
    page = commentable_page(request, comment.page_id)
    return comment, member, page


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment, member, page = _own_comment(request, pk)
    if not policy.can_edit(member, comment):
        return render(
            request,
            "community/comments/edit.html",
            {
                "comment": comment,
                "target": page,
                "too_late": True,
                "edit_minutes": policy.rule("EDIT_MINUTES"),
            },
            status=403,
        )
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        comment.body = form.cleaned_data["body"]
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        _notice(request, page.pk, _("Your comment has been updated."))
        return HttpResponseRedirect(page_url(request, page, f"comment-{comment.pk}"))
    return render(
        request,
        "community/comments/edit.html",
        {
            "comment": comment,
            "target": page,
            "form": form,
            "deadline": policy.edit_deadline(comment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment, member, page = _own_comment(request, pk)
    if not policy.can_delete(member, comment):
        raise Http404
    if request.method == "POST":
        comment.status = Status.DELETED
        comment.save(update_fields=["status"])
        _notice(request, page.pk, _("Your comment has been deleted."))
        return HttpResponseRedirect(page_url(request, page))
    return render(
        request, "community/comments/delete.html", {"comment": comment, "target": page}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk)
    if comment.status != Status.VISIBLE:
        raise Http404
    page = commentable_page(request, comment.page_id)
    member = member_of(request.user)
    if policy.is_author(member, comment):
        raise PermissionDenied(_("You cannot report your own contribution."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = policy.report(member, comment, form.cleaned_data["reason"])
        except policy.ReportRefused as refused:
            _notice(request, page.pk, str(refused))
        else:
            _notice(
                request,
                page.pk,
                _("Thank you: a moderator will review it.")
                if outcome.created
                else _("You had already reported this comment."),
            )
        return HttpResponseRedirect(page_url(request, page))
    return render(
        request,
        "community/comments/report.html",
        {"comment": comment, "target": page, "form": form},
    )
