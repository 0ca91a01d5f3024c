"""The submission page of the admin: the original message shown safely, and every
action an editor takes on it (through submissions.curation, so each is logged).

Who: editors, moderators and superusers (the same rule as the community's admin).
The message's HTML was sanitised when it arrived (nh3) and is shown in a sandboxed
frame without scripts, so neither its markup nor its styles touch the admin.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.models import Page

from community import moderation
from community.admin_views import moderator_required

from . import curation
from .models import REFERENCE, Status, Submission


class ActionForm(forms.Form):
    ACTIONS = [
        ("draft", _("Create a draft project file")),
        ("in_review", _("Mark in review")),
        ("assign", _("Assign")),
        ("note", _("Add a note")),
        ("reply", _("Reply to the sender")),
        ("duplicate", _("Mark as duplicate")),
        ("reject", _("Reject, with a reply to the sender")),
        ("spam", _("Mark as spam")),
        ("reopen", _("Reopen")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, label=_("Action"))
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Assign to"),
    )
    duplicate_of = forms.CharField(
        required=False,
        max_length=500,
        label=_("Duplicate of"),
        help_text=_("A submission's reference (OBS-12) or a project file's ID or URL."),
    )
    text = forms.CharField(
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Text"),
        help_text=_("The note, or the reply emailed to the sender."),
    )

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.fields["assignee"].queryset = moderation.moderators().order_by(
            "first_name", "username"
        )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in ("note", "reply", "reject") and not data.get("text", "").strip():
            self.add_error("text", _("Write the text first."))
        if action in ("reply", "reject") and not self.submission.sender_email:
            self.add_error(
                None, _("This submission has no sender address to reply to.")
            )
        if action == "assign" and data.get("assignee") is None:
            self.add_error("assignee", _("Choose who takes it."))
        if action == "duplicate":
            data["target"] = self._duplicate_target(data.get("duplicate_of", ""))
        if action == "draft" and self.submission.page_id:
            self.add_error(None, _("A project file was already made from it."))
        return data

    def _duplicate_target(self, value: str):
        value = value.strip()
        match = REFERENCE.search(f"[{value}]") or REFERENCE.search(value)
        if match:
            other = Submission.objects.filter(pk=int(match.group(1))).first()
            if other is None or other.pk == self.submission.pk:
                self.add_error(
                    "duplicate_of", _("No other submission has that reference.")
                )
                return None
            return other
        page = None
        if value.isdigit():
            page = Page.objects.filter(pk=int(value)).first()
        elif value:
            path = "/" + "/".join(s for s in value.split("://")[-1].split("/")[1:] if s)
            candidates = Page.objects.filter(url_path__endswith=path.rstrip("/") + "/")
            page = candidates.first() if path != "/" else None
        if page is None:
            self.add_error(
                "duplicate_of",
                _("Give a reference (OBS-12) or a project file's ID or address."),
            )
        return page


def _detail_context(submission: Submission, form: ActionForm) -> dict:
    messages_ = list(
        submission.messages.order_by("received_at", "pk").prefetch_related(
            "attachments__document", "attachments__image"
        )
    )
    return {
        "submission": submission,
        "mail_messages": messages_,
        "events": submission.events.select_related("user").order_by(
            "-created_at", "-pk"
        ),
        "form": form,
        "header_title": str(submission),
        "page_title": submission.reference,
        "header_icon": "mail",
        "closed": submission.is_closed,
    }


@moderator_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related("assignee", "page", "duplicate_of"), pk=pk
    )
    form = ActionForm(request.POST or None, submission=submission)
    if request.method == "POST" and form.is_valid():
        response = _act(request, submission, form.cleaned_data)
        if response is not None:
            return response
        return redirect("submissions_admin:edit", submission.pk)
    return TemplateResponse(
        request, "submissions/admin/detail.html", _detail_context(submission, form)
    )


def _act(request, submission: Submission, data: dict) -> HttpResponse | None:
    user = request.user
    action = data["action"]
    if action == "draft":
        from .drafts import create_draft

        page = create_draft(submission, user)
        messages.success(
            request,
            _("Draft project file created: check it, complete it and publish it."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    if action == "in_review" or action == "reopen":
        curation.set_status(submission, Status.IN_REVIEW, user, data.get("text", ""))
    elif action == "assign":
        curation.assign(submission, data["assignee"], user)
    elif action == "note":
        curation.add_note(submission, data["text"], user)
    elif action == "reply":
        curation.reply(submission, user, data["text"])
    elif action == "duplicate":
        target = data.get("target")
        if isinstance(target, Submission):
            curation.mark_duplicate(submission, user, of_submission=target)
        else:
            curation.mark_duplicate(submission, user, of_page=target)
    elif action == "reject":
        curation.reject(submission, user, data["text"])
    elif action == "spam":
        curation.mark_spam(submission, user)
    messages.success(
        request, _("%(ref)s: done, and logged.") % {"ref": submission.reference}
    )
    return None


@moderator_required
def raw(request: HttpRequest, pk: int, message_pk: int) -> HttpResponse:
    """The original message as a file to download (never rendered in the admin)."""
    submission = get_object_or_404(Submission, pk=pk)
    message = get_object_or_404(submission.messages, pk=message_pk)
    if not message.raw:
        raise Http404
    response = FileResponse(
        message.raw.open("rb"),
        as_attachment=True,
        filename=f"{submission.reference}-{message.pk}.eml",
        content_type="message/rfc822",
    )
    return response


def new_count() -> int:
    return Submission.objects.filter(Q(status=Status.NEW)).count()
