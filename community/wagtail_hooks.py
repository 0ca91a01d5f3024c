"""The "Community" menu of the Wagtail admin: moderation queue, members, contact
and visit requests, moderation log. Wagtail's own viewsets (no modeladmin), one
permission rule for all of them (``core.permissions.ModeratorPermissionPolicy``).

Other parts of the community can add items to the menu with the
``register_community_menu_item`` hook.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.permissions import register_permission_policy

from core.permissions import ModeratorMenuItem, ModeratorPermissionPolicy
from core.viewsets import ModeratorViewSet, ReadOnlyViewSet, RequestViewSet

from . import admin_views
from .models import (
    ContactRequest,
    Member,
    MemberProject,
    MemberStatus,
    ModerationAction,
    RequestStatus,
    Topic,
    VisitRequest,
)

# Who may do what: moderators only; requests can be deleted (personal data, on
# request), members only acted upon, the log only read.
for model, actions in (
    (Member, {"change"}),
    (ContactRequest, {"change", "delete"}),
    (VisitRequest, {"change", "delete"}),
    (ModerationAction, {"view"}),
    # A claim a member made: confirmed, corrected or removed when it is false.
    (MemberProject, {"change", "delete"}),
):
    register_permission_policy(model, ModeratorPermissionPolicy(model, actions))


class ModerationQueueViewSet(ViewSet):
    name = "community_moderation"
    url_prefix = "community/moderation"
    icon = "warning"
    menu_label = _("Moderation queue")

    @cached_property
    def menu_item_class(self):
        return ModeratorMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.moderation_queue, name="queue"),
            path(
                "<str:model_name>/<int:pk>/",
                admin_views.moderate_content,
                name="moderate",
            ),
        ]


class MemberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=MemberStatus.choices, label=_("Status")
    )
    verified = django_filters.BooleanFilter(label=_("Verified public employee"))

    class Meta:
        model = Member
        fields = ["status", "verified"]


class MemberViewSet(ModeratorViewSet):
    """The list is Wagtail's; "edit" is the moderation page of a member (verify,
    suspend, ban, reinstate), so that every change of state is logged."""

    model = Member
    name = "community_members"
    url_prefix = "community/members"
    icon = "group"
    menu_label = _("Members")
    list_display = [
        "display_name",
        "entity",
        "verified",
        "status",
        "suspended_until",
        "created_at",
    ]
    list_filter = None
    filterset_class = MemberFilterSet
    search_fields = ["display_name", "user__email"]
    form_fields = ["display_name"]
    ordering = ["display_name"]

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name != "edit"]
        return [
            *patterns,
            path("edit/<int:pk>/", admin_views.member_moderate, name="edit"),
        ]


class MemberProjectViewSet(ModeratorViewSet):
    """The project files members say they worked on ("People who worked on
    this"): an editor or moderator confirms a claim, or deletes a false one."""

    model = MemberProject
    name = "community_member_projects"
    url_prefix = "community/projects-worked-on"
    icon = "folder-open-inverse"
    menu_label = _("Projects worked on")
    list_display = ["member", "page", "role", "confirmed", "created_at"]
    list_filter = ["confirmed"]
    search_fields = ["member__display_name", "page__title", "role"]
    form_fields = ["role", "confirmed"]
    ordering = ["-created_at", "-pk"]


class RequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=RequestStatus.choices, label=_("Status")
    )


class ContactRequestFilterSet(RequestFilterSet):
    class Meta:
        model = ContactRequest
        fields = ["status"]


class VisitRequestFilterSet(RequestFilterSet):
    class Meta:
        model = VisitRequest
        fields = ["status"]


class ProjectRequestViewSet(RequestViewSet):
    """Requests about a project file: a status change is logged, a visit
    request's new answer emailed (admin_views.RequestEditView)."""

    index_view_class = admin_views.RequestIndexView
    edit_view_class = admin_views.RequestEditView
    search_fields = ["name", "email", "page__title"]


class ContactRequestViewSet(ProjectRequestViewSet):
    model = ContactRequest
    name = "community_contact_requests"
    url_prefix = "community/contact-requests"
    icon = "mail"
    menu_label = _("Contact requests")
    list_display = ["name", "page", "status", "created_at", "relayed_at"]
    filterset_class = ContactRequestFilterSet
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("page", read_only=True),
                    FieldPanel("name", read_only=True),
                    FieldPanel("email", read_only=True),
                    FieldPanel("message", read_only=True),
                    FieldPanel("created_at", read_only=True),
                    FieldPanel("relayed_at", read_only=True),
                ],
                heading=_("The message"),
            ),
            FieldPanel("status"),
            FieldPanel("note"),
        ],
        base_form_class=admin_views.RequestEditForm,
    )


class VisitRequestViewSet(ProjectRequestViewSet):
    model = VisitRequest
    name = "community_visit_requests"
    url_prefix = "community/visit-requests"
    icon = "calendar"
    menu_label = _("Visit requests")
    list_display = [
        "organisation",
        "page",
        "proposed_dates",
        "people",
        "status",
        "created_at",
    ]
    filterset_class = VisitRequestFilterSet
    search_fields = ["name", "email", "organisation", "page__title"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("page", read_only=True),
                    FieldPanel("name", read_only=True),
                    FieldPanel("email", read_only=True),
                    FieldPanel("organisation", read_only=True),
                    FieldPanel("proposed_dates", read_only=True),
                    FieldPanel("people", read_only=True),
                    FieldPanel("purpose", read_only=True),
                    FieldPanel("created_at", read_only=True),
                ],
                heading=_("The request"),
            ),
            FieldPanel("status"),
            FieldPanel(
                "answer",
                help_text=_(
                    "Emailed to the requester when you save a new or changed answer."
                ),
            ),
            FieldPanel("note"),
        ],
        base_form_class=admin_views.RequestEditForm,
    )


class ModerationLogFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=ModerationAction.Kind.choices, label=_("Action")
    )

    class Meta:
        model = ModerationAction
        fields = ["kind"]


def _moderator_label(action) -> str:
    """Who decided: the moderator's full name (user name if none), or the system
    (content hidden by reports)."""
    user = action.moderator
    if user is None:
        return str(_("the system"))
    return user.get_full_name() or user.get_username()


def _target_label(action: ModerationAction) -> str:
    if not action.content_type_id:
        return ""
    target = action.target
    kind = action.content_type.name
    if target is None:
        return f"{kind} #{action.object_id}"
    return f"{kind}: {str(target)[:80]}"


class ModerationLogViewSet(ReadOnlyViewSet):
    """Read-only: the log is written by ``community.moderation`` only."""

    model = ModerationAction
    name = "community_moderation_log"
    url_prefix = "community/moderation-log"
    icon = "history"
    menu_label = _("Moderation log")
    index_view_class = admin_views.ModerationLogIndexView
    list_display = [
        "created_at",
        Column("moderator", label=_("Moderator"), accessor=_moderator_label),
        "kind",
        Column("target", label=_("What"), accessor=_target_label),
        "member",
        "note",
    ]
    filterset_class = ModerationLogFilterSet
    search_fields = ["note"]
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = ["created_at", "moderator", "kind", "member", "note"]
    form_fields = ["note"]


class CommunityMenuGroup(ViewSetGroup):
    menu_label = _("Community")
    menu_icon = "group"
    menu_order = 250
    submenu_hook = "register_community_menu_item"
    items = (
        ModerationQueueViewSet,
        MemberViewSet,
        MemberProjectViewSet,
        ContactRequestViewSet,
        VisitRequestViewSet,
        ModerationLogViewSet,
    )


@hooks.register("register_admin_viewset")
def register_community_admin():
    return CommunityMenuGroup()


# Forum topics: moderators pin and lock topics here. Only those two switches are
# editable; status changes go through the moderation queue so that every decision
# is logged.
register_permission_policy(Topic, ModeratorPermissionPolicy(Topic, {"change"}))


class TopicViewSet(ModeratorViewSet):
    model = Topic
    name = "community_topics"
    url_prefix = "community/topics"
    icon = "openquote"
    menu_label = _("Forum topics")
    add_to_admin_menu = True
    menu_order = 251
    list_display = ["title", "category", "pinned", "locked", "status", "reply_count"]
    list_filter = ["category", "pinned", "locked", "status"]
    search_fields = ["title"]
    form_fields = ["pinned", "locked"]
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_forum_topics_admin():
    return TopicViewSet()


# A chooser for members (name or address, paged), for the admin forms that point
# to one: a select of every member would list 15,000 names at the reference size.
class MemberSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name or email address"),
        widget=forms.TextInput(attrs={"placeholder": _("Name or email address")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.filter(
                Q(display_name__icontains=query) | Q(user__email__iexact=query)
            )
        return objects


class MemberChooseView(chooser_views.ChooseView):
    filter_form_class = MemberSearchForm


class MemberChooseResultsView(chooser_views.ChooseResultsView):
    filter_form_class = MemberSearchForm


class MemberChooserViewSet(ChooserViewSet):
    model = Member
    icon = "user"
    choose_one_text = _("Choose a member")
    choose_another_text = _("Choose another member")
    choose_view_class = MemberChooseView
    choose_results_view_class = MemberChooseResultsView
    per_page = 20
    # Set on the foreign keys of other apps' forms by the panels that ask for it.
    register_widget = False

    def get_object_list(self):
        return Member.objects.select_related("entity").order_by("display_name", "pk")


member_chooser_viewset = MemberChooserViewSet("member_chooser")


@hooks.register("register_admin_viewset")
def register_member_chooser():
    return member_chooser_viewset
