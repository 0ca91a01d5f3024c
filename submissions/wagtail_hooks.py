"""The "Submissions" menu of the Wagtail admin: the submissions (list with filters
and search; the detail page replaces the edit form), the messages set aside
(ignored and quarantined) and a count of new submissions on the dashboard."""

import django_filters
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from core.permissions import ModeratorPermissionPolicy, is_moderator, moderators
from core.viewsets import ModeratorViewSet, ReadOnlyViewSet

from . import admin_views
from .models import Channel, Message, Outcome, Status, Submission

register_permission_policy(
    Submission, ModeratorPermissionPolicy(Submission, {"change"})
)
register_permission_policy(Message, ModeratorPermissionPolicy(Message, {"view"}))


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(
        choices=Channel.choices, label=_("Received by")
    )
    assignee = django_filters.ModelChoiceFilter(
        queryset=lambda request: moderators(), label=_("Assigned to")
    )
    sender_email = django_filters.CharFilter(
        lookup_expr="icontains", label=_("Sender's address")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Submission
        fields = ["status", "channel", "assignee", "sender_email", "created_at"]


class SubmissionViewSet(ModeratorViewSet):
    model = Submission
    name = "submissions_admin"
    url_prefix = "submissions"
    icon = "mail"
    menu_label = _("Submissions")
    filterset_class = SubmissionFilterSet
    search_fields = ["subject", "sender_name", "sender_email"]
    form_fields = ["status"]
    ordering = ["-created_at"]

    @property
    def list_display(self):
        return [
            TitleColumn(
                "reference",
                label=_("Reference"),
                url_name=self.get_url_name("edit"),
                accessor="reference",
            ),
            Column("subject", label=_("Subject")),
            Column("sender_email", label=_("Sender")),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("assignee", label=_("Assigned to")),
            Column("created_at", label=_("Received")),
        ]

    def get_index_view_kwargs(self, **kwargs):
        # (A viewset has no get_queryset: the listing's queryset is the view's.)
        return super().get_index_view_kwargs(
            queryset=Submission.objects.select_related("assignee"), **kwargs
        )

    def get_urlpatterns(self):
        keep = {"index", "index_results"}
        patterns = [p for p in super().get_urlpatterns() if p.name in keep]
        return [
            *patterns,
            path("edit/<int:pk>/", admin_views.detail, name="edit"),
            path(
                "edit/<int:pk>/original/<int:message_pk>/",
                admin_views.raw,
                name="raw",
            ),
        ]


class SetAsideFilterSet(WagtailFilterSet):
    outcome = django_filters.ChoiceFilter(
        choices=[
            (Outcome.IGNORED, Outcome.IGNORED.label),
            (Outcome.QUARANTINED, Outcome.QUARANTINED.label),
        ],
        label=_("Outcome"),
    )

    class Meta:
        model = Message
        fields = ["outcome"]


class SetAsideViewSet(ReadOnlyViewSet):
    """Messages that became no submission, and why (read only)."""

    model = Message
    name = "submissions_set_aside"
    url_prefix = "submissions/set-aside"
    icon = "warning"
    menu_label = _("Set aside")
    filterset_class = SetAsideFilterSet
    search_fields = ["subject", "from_email", "reason"]
    list_display = ["subject", "from_email", "outcome", "reason", "received_at"]
    form_fields = ["reason"]  # no edit view (read only); Wagtail asks
    inspect_view_fields = [
        "outcome",
        "reason",
        "from_name",
        "from_email",
        "to",
        "subject",
        "date",
        "text",
        "notes",
        "source",
        "source_ref",
        "received_at",
    ]
    ordering = ["-received_at"]

    def get_index_view_kwargs(self, **kwargs):
        # Only what was set aside: messages ignored or quarantined, never one
        # that became or joined a submission.
        return super().get_index_view_kwargs(
            queryset=Message.objects.filter(
                submission__isnull=True,
                outcome__in=[Outcome.IGNORED, Outcome.QUARANTINED],
            ),
            **kwargs,
        )


class SubmissionsMenuGroup(ViewSetGroup):
    menu_label = _("Submissions")
    menu_icon = "mail"
    menu_order = 240
    items = (SubmissionViewSet, SetAsideViewSet)


@hooks.register("register_admin_viewset")
def register_submissions_admin():
    return SubmissionsMenuGroup()


class NewSubmissionsPanel(Component):
    """On the dashboard: how many submissions wait for an editor."""

    name = "new_submissions"
    order = 50

    def __init__(self, count: int):
        self.count = count

    def render_html(self, parent_context=None):
        url = reverse("submissions_admin:index") + f"?status={Status.NEW}"
        text = ngettext(
            "%(count)s new submission waits for an editor.",
            "%(count)s new submissions wait for an editor.",
            self.count,
        ) % {"count": self.count}
        return format_html(
            '<section class="panel w-mb-4 obs-new-submissions">'
            '<h2 class="w-h3">{}</h2><p><a href="{}">{}</a></p></section>',
            _("Submissions"),
            url,
            text,
        )


@hooks.register("construct_homepage_panels")
def add_new_submissions_panel(request, panels):
    if is_moderator(request.user):
        panels.append(NewSubmissionsPanel(admin_views.new_count()))


@hooks.register("before_edit_page")
def show_the_submission_of_the_page(request, page):
    """The page's editor sees which submission it came from, with a link to it."""
    if request.method != "GET" or not is_moderator(request.user):
        return None
    from django.contrib import messages

    for submission in Submission.objects.filter(page_id=page.pk).only("pk", "subject"):
        messages.info(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("This project file was made from a submission:"),
                reverse("submissions_admin:edit", args=[submission.pk]),
                str(submission),
            ),
        )
    return None
