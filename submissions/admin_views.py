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

from core.permissions import moderator_required, moderators

from . import curation
from .models import REFERENCE, Status, Submission


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


class CurationForm(forms.Form):
    """One action on a submission: its own small form, fields and button."""

    action = ""
    label = ""
    button = ""
    # Shown when the submission is closed (accepted, rejected, spam, duplicate)?
    when_closed = False

    def __init__(self, *args, submission: Submission, **kwargs):
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.submission = submission

    def available(self) -> bool:
        return self.when_closed or not self.submission.is_closed

    def act(self, user) -> str:
        """Do it; the message that says what happened."""
        raise NotImplementedError


class AssignForm(CurationForm):
    action = "assign"
    label = _("Assign")
    button = _("Assign")
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Who takes it"),
        error_messages={"required": _("Choose who takes it.")},
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, submission=submission, **kwargs)
        field = self.fields["assignee"]
        field.queryset = moderators().order_by("first_name", "username")
        field.label_from_instance = _name
        field.initial = submission.assignee_id

    def act(self, user) -> str:
        assignee = self.cleaned_data["assignee"]
        curation.assign(self.submission, assignee, user)
        return _("Assigned to %(name)s.") % {"name": _name(assignee)}


class DraftForm(CurationForm):
    action = "draft"
    label = _("Create a draft project file")
    button = _("Create the draft")

    def available(self) -> bool:
        return not self.submission.page_id and self.submission.status not in (
            Status.SPAM,
            Status.REJECTED,
            Status.DUPLICATE,
        )

    def act(self, user) -> str:
        from .drafts import create_draft

        self.page = create_draft(self.submission, user)
        return _(
            "Draft created: “%(title)s”. Check it, complete it and publish it."
        ) % {"title": self.page.title}


class _TextForm(CurationForm):
    text = forms.CharField(
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the text first.")},
    )


class ReplyForm(_TextForm):
    action = "reply"
    label = _("Reply to the sender")
    button = _("Send the reply")
    when_closed = True

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, submission=submission, **kwargs)
        self.fields["text"].label = _("Your reply (emailed to %(email)s)") % {
            "email": submission.sender_email or "—"
        }

    def available(self) -> bool:
        return bool(self.submission.sender_email)

    def act(self, user) -> str:
        curation.reply(self.submission, user, self.cleaned_data["text"])
        return _("Reply sent to %(email)s.") % {"email": self.submission.sender_email}


class NoteForm(_TextForm):
    action = "note"
    label = _("Add a note")
    button = _("Add the note")
    when_closed = True

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, submission=submission, **kwargs)
        self.fields["text"].label = _("Note (for editors only)")

    def act(self, user) -> str:
        curation.add_note(self.submission, self.cleaned_data["text"], user)
        return _("Note added.")


class DuplicateForm(CurationForm):
    action = "duplicate"
    label = _("Mark as a duplicate")
    button = _("Mark as a duplicate")
    duplicate_of = forms.CharField(
        max_length=500,
        label=_("Duplicate of"),
        help_text=_("A submission's reference (OBS-12) or a project file's ID or URL."),
        error_messages={
            "required": _(
                "Give a reference (OBS-12) or a project file's ID or address."
            )
        },
    )

    def clean_duplicate_of(self):
        value = self.cleaned_data["duplicate_of"].strip()
        match = REFERENCE.search(f"[{value}]") or REFERENCE.search(value)
        if match:
            other = Submission.objects.filter(pk=int(match.group(1))).first()
            if other is None or other.pk == self.submission.pk:
                raise forms.ValidationError(
                    _("No other submission has that reference.")
                )
            return other
        page = None
        if value.isdigit():
            page = Page.objects.filter(pk=int(value)).first()
        elif value:
            path = "/" + "/".join(s for s in value.split("://")[-1].split("/")[1:] if s)
            candidates = Page.objects.filter(url_path__endswith=path.rstrip("/") + "/")
            page = candidates.first() if path != "/" else None
        if page is None:
            raise forms.ValidationError(
                _("Give a reference (OBS-12) or a project file's ID or address.")
            )
        return page

    def act(self, user) -> str:
        target = self.cleaned_data["duplicate_of"]
        if isinstance(target, Submission):
            curation.mark_duplicate(self.submission, user, of_submission=target)
            what = target.reference
        else:
            curation.mark_duplicate(self.submission, user, of_page=target)
            what = target.title
        return _("Marked as a duplicate of %(what)s.") % {"what": what}


class RejectForm(_TextForm):
    action = "reject"
    label = _("Reject")
    button = _("Reject and send the reply")

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, submission=submission, **kwargs)
        self.fields["text"].label = _("Why (emailed to %(email)s)") % {
            "email": submission.sender_email or "—"
        }

    def available(self) -> bool:
        return bool(self.submission.sender_email) and super().available()

    def act(self, user) -> str:
        curation.reject(self.submission, user, self.cleaned_data["text"])
        return _("Rejected; the reply is on its way to %(email)s.") % {
            "email": self.submission.sender_email
        }


class StatusForm(CurationForm):
    """A change of status with no fields: a button each."""

    when_closed = True
    target = ""
    message = ""

    def available(self) -> bool:
        return self.submission.status in self.applies_to

    def act(self, user) -> str:
        if self.action == "spam":
            curation.mark_spam(self.submission, user)
        else:
            curation.set_status(self.submission, self.target, user)
        return str(self.message)


class InReviewForm(StatusForm):
    action = "in_review"
    button = _("Mark in review")
    target = Status.IN_REVIEW
    applies_to = (Status.NEW,)
    message = _("Marked in review.")


class ReopenForm(StatusForm):
    action = "reopen"
    button = _("Reopen")
    target = Status.IN_REVIEW
    applies_to = (Status.REJECTED, Status.SPAM, Status.DUPLICATE)
    message = _("Reopened: it is in review again.")


class SpamForm(StatusForm):
    action = "spam"
    button = _("Mark as spam")
    applies_to = (Status.NEW, Status.IN_REVIEW)
    message = _("Marked as spam.")


FORMS = [
    DraftForm,
    AssignForm,
    ReplyForm,
    NoteForm,
    DuplicateForm,
    RejectForm,
    InReviewForm,
    ReopenForm,
    SpamForm,
]
FORMS_BY_ACTION = {form.action: form for form in FORMS}


def _forms(submission: Submission, bound: CurationForm | None = None) -> list:
    forms_ = []
    for form_class in FORMS:
        if bound is not None and isinstance(bound, form_class):
            form = bound
        else:
            form = form_class(submission=submission)
        if form.available():
            forms_.append(form)
    return forms_


def _detail_context(submission: Submission, bound: CurationForm | None = None) -> dict:
    messages_ = list(
        submission.messages.order_by("received_at", "pk").prefetch_related(
            "attachments__document", "attachments__image"
        )
    )
    forms_ = _forms(submission, bound)
    return {
        "submission": submission,
        "assignee_name": _name(submission.assignee) if submission.assignee else "",
        "mail_messages": messages_,
        "events": submission.events.select_related("user").order_by(
            "-created_at", "-pk"
        ),
        "field_forms": [form for form in forms_ if not isinstance(form, StatusForm)],
        "status_forms": [form for form in forms_ if isinstance(form, StatusForm)],
        "bound_action": bound.action if bound is not None else "",
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
    bound = None
    if request.method == "POST":
        form_class = FORMS_BY_ACTION.get(request.POST.get("action", ""))
        if form_class is None:
            messages.error(request, _("Choose an action."))
            return redirect("submissions_admin:edit", submission.pk)
        bound = form_class(request.POST, submission=submission)
        if not bound.available():
            messages.error(
                request,
                _("%(ref)s is %(status)s: that action no longer applies.")
                % {
                    "ref": submission.reference,
                    "status": submission.get_status_display(),
                },
            )
            return redirect("submissions_admin:edit", submission.pk)
        if bound.is_valid():
            text = bound.act(request.user)
            messages.success(request, f"{submission.reference}: {text}")
            if isinstance(bound, DraftForm):
                return redirect("wagtailadmin_pages:edit", bound.page.pk)
            return redirect("submissions_admin:edit", submission.pk)
    return TemplateResponse(
        request, "submissions/admin/detail.html", _detail_context(submission, bound)
    )


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
