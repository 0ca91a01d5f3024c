"""Moderation in the Wagtail admin: the queue, the member actions, the request
editing, and the permission policy all of them share.

Only moderators (``core.permissions.is_moderator``) get in; anyone else with
admin access gets a 403. Every decision
goes through ``community.moderation`` so that it is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import EditView, IndexView

from core.permissions import moderator_required

from . import moderation
from .models import (
    Comment,
    Member,
    MemberStatus,
    ModerationAction,
    Post,
    Report,
    Status,
    Topic,
    VisitRequest,
)
from .rendering import render_text

QUEUE_LIMIT = 100


# The moderation queue -----------------------------------------------------------


@dataclass
class QueueItem:
    obj: Comment | Topic | Post
    kind: str
    reports: list[Report] = field(default_factory=list)

    @property
    def model_name(self) -> str:
        return self.obj._meta.model_name

    @property
    def type_label(self) -> str:
        return self.obj._meta.verbose_name

    @property
    def text(self):
        return render_text(self.obj.body)

    @property
    def title(self) -> str:
        return getattr(self.obj, "title", "")

    @property
    def where(self) -> tuple[str, str]:
        """(label, public URL or "") of the place the contribution lives in."""
        obj = self.obj
        if isinstance(obj, Comment):
            url = obj.page.url or ""
            return obj.page.title, f"{url}#comment-{obj.pk}" if url else ""
        if isinstance(obj, Post):
            topic = obj.topic
            return topic.title, _url_of(topic)
        return obj.category.name, _url_of(obj)


def _url_of(obj) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    try:
        return get_url() if get_url else ""
    except Exception:  # noqa: BLE001 - a missing forum URL must not break the queue
        return ""


SHOW_CHOICES = {
    "all": _("All"),
    "held": _("Held for moderation"),
    "reported": _("Reported"),
}


def queue_items(show: str = "all") -> list[QueueItem]:
    """Held contributions and those with open reports, oldest first (a fixed
    number of queries: per kind one for the items, one for their reports)."""
    items: list[QueueItem] = []
    for model, related in (
        (Comment, ("author", "page")),
        (Topic, ("author", "category__area")),
        (Post, ("author", "topic")),
    ):
        content_type = ContentType.objects.get_for_model(model)
        open_reports = Report.objects.filter(content_type=content_type, resolved=False)
        reported_ids = open_reports.values("object_id")
        queryset = model.objects.exclude(status=Status.DELETED).select_related(*related)
        if show == "held":
            queryset = queryset.filter(status=Status.HELD)
        elif show == "reported":
            queryset = queryset.filter(pk__in=reported_ids)
        else:
            queryset = queryset.filter(Q(status=Status.HELD) | Q(pk__in=reported_ids))
        rows = list(queryset.order_by("created_at", "pk")[:QUEUE_LIMIT])
        if not rows:
            continue
        by_id: dict[int, list[Report]] = {}
        for report in (
            open_reports.filter(object_id__in=[row.pk for row in rows])
            .select_related("reporter")
            .order_by("created_at")
        ):
            by_id.setdefault(report.object_id, []).append(report)
        items.extend(
            QueueItem(
                obj=row, kind=model._meta.model_name, reports=by_id.get(row.pk, [])
            )
            for row in rows
        )
    items.sort(key=lambda item: (item.obj.created_at, item.kind, item.obj.pk))
    return items[:QUEUE_LIMIT]


@moderator_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "all")
    if show not in SHOW_CHOICES:
        show = "all"
    items = queue_items(show)
    return TemplateResponse(
        request,
        "community/admin/moderation_queue.html",
        {
            "items": items,
            "show": show,
            "show_choices": SHOW_CHOICES,
            "limit": QUEUE_LIMIT,
            "header_title": _("Moderation queue"),
            "page_title": _("Moderation queue"),
            "header_icon": "warning",
        },
    )


CONTENT_MODELS = {model._meta.model_name: model for model in (Comment, Topic, Post)}
CONTENT_ACTIONS = {
    "approve": (moderation.approve, _("Approved: it is visible again.")),
    "hide": (moderation.hide, _("Hidden: only moderators can see it now.")),
    "delete": (moderation.delete, _("Deleted: it is gone from the site.")),
}


@moderator_required
@require_POST
def moderate_content(request: HttpRequest, model_name: str, pk: int) -> HttpResponse:
    model = CONTENT_MODELS.get(model_name)
    action = CONTENT_ACTIONS.get(request.POST.get("action", ""))
    if model is None:
        raise Http404
    target = get_object_or_404(model, pk=pk)
    if action is None:
        messages.error(request, _("Choose approve, hide or delete."))
    else:
        function, done = action
        note = request.POST.get("note", "").strip()[:2000]
        function(target, request.user, note)
        messages.success(request, done)
    show = request.POST.get("show", "all")
    url = reverse("community_moderation:queue")
    return redirect(f"{url}?show={show}" if show in SHOW_CHOICES else url)


# Members ------------------------------------------------------------------------


class MemberActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("verify", _("Verify as a public employee")),
            ("unverify", _("Withdraw the verification")),
            ("suspend", _("Suspend until a date")),
            ("ban", _("Ban")),
            ("reinstate", _("Reinstate (lift a suspension or a ban)")),
        ],
        widget=forms.RadioSelect,
    )
    until = forms.DateField(
        label=_("Suspended until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a suspension: the member may post again from this day."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why: kept in the moderation log, never shown to the member."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "suspend":
            until = data.get("until")
            if not until:
                self.add_error("until", _("Give the date the suspension ends."))
            elif until <= timezone.localdate():
                self.add_error("until", _("The date must be in the future."))
        return data

    def until_datetime(self) -> datetime:
        until = self.cleaned_data["until"]
        return timezone.make_aware(datetime.combine(until, time.min))


@moderator_required
def member_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's profile, their recent log and the actions on them."""
    member = get_object_or_404(Member.objects.select_related("user", "entity"), pk=pk)
    if request.method == "POST":
        form = MemberActionForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            note = form.cleaned_data["note"]
            user = request.user
            if action == "verify":
                moderation.verify(member, user, note)
            elif action == "unverify":
                moderation.verify(member, user, note, verified=False)
            elif action == "suspend":
                moderation.suspend(member, form.until_datetime(), user, note)
            elif action == "ban":
                moderation.ban(member, user, note)
            else:
                moderation.reinstate(member, user, note)
            messages.success(
                request,
                _("%(member)s: done, and logged.") % {"member": member.display_name},
            )
            return redirect("community_members:edit", member.pk)
    else:
        form = MemberActionForm()
    log = (
        ModerationAction.objects.filter(member=member)
        .select_related("moderator")
        .order_by("-created_at", "-pk")[:20]
    )
    return TemplateResponse(
        request,
        "community/admin/member_moderate.html",
        {
            "member": member,
            "form": form,
            "log": log,
            "header_title": member.display_name,
            "page_title": member.display_name,
            "header_icon": "user",
            "is_blocked": member.status != MemberStatus.ACTIVE,
        },
    )


# Contact and visit requests -----------------------------------------------------


class RequestEditForm(WagtailAdminModelForm):
    note = forms.CharField(
        label=_("Note for the log"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what was done (kept in the moderation log)."),
    )


class RequestEditView(EditView):
    """Status (and a visit request's answer) changes go through the moderation
    module: logged, and a new answer is emailed to the requester."""

    def save_instance(self):
        data = self.form.cleaned_data
        instance = self.form.instance
        answer = data.get("answer") if isinstance(instance, VisitRequest) else None
        moderation.update_request(
            instance,
            self.request.user,
            status=data.get("status", instance.status),
            answer=answer,
            note=data.get("note", ""),
        )
        return instance

    def get_success_message(self):
        instance = self.object
        if isinstance(instance, VisitRequest) and instance.answer:
            return _("Visit request saved. A new answer is emailed to the requester.")
        return _("Request saved.")


class ModerationLogIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("moderator", "member", "content_type")
            .prefetch_related("target")
        )


class RequestIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "member")
