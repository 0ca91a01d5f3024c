"""The "Communities of practice" menu of the Wagtail admin: editors create
communities and their interest groups, and name each group's first
coordinators (Memberships). Coordinators then run their groups from the public
site (practice/views.py). Same viewsets and permission rule as the community
menu (core/viewsets.py, core/permissions.py): moderators and editors only."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.slug import SlugInput
from wagtail.permissions import register_permission_policy

from community.wagtail_hooks import member_chooser_viewset
from core.permissions import ModeratorPermissionPolicy
from core.viewsets import ModeratorViewSet

from .models import Announcement, Community, InterestGroup, Membership

for model in (Community, InterestGroup, Membership):
    register_permission_policy(
        model, ModeratorPermissionPolicy(model, {"add", "change", "delete"})
    )
# Announcements are written by coordinators on the site (and emailed then):
# moderators correct or delete them, never add one.
register_permission_policy(
    Announcement, ModeratorPermissionPolicy(Announcement, {"change", "delete"})
)


def _texts() -> list:
    return [
        MultiFieldPanel(
            [
                # The slug is filled from the Catalan name as the editor types it.
                TitleFieldPanel("name", placeholder=False, classname=""),
                FieldPanel("name_es"),
                FieldPanel("name_en"),
            ],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("description"),
                FieldPanel("description_es"),
                FieldPanel("description_en"),
            ],
            heading=_("Description"),
        ),
    ]


class CommunityViewSet(ModeratorViewSet):
    model = Community
    name = "practice_communities"
    url_prefix = "practice/communities"
    icon = "group"
    menu_label = _("Communities")
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "name_es", "name_en"]
    panels = [*_texts(), FieldPanel("slug", widget=SlugInput)]


class InterestGroupViewSet(ModeratorViewSet):
    model = InterestGroup
    name = "practice_groups"
    url_prefix = "practice/groups"
    icon = "folder-open-inverse"
    menu_label = _("Interest groups")
    list_display = ["name", "community", "visibility", "created_at"]
    list_filter = ["community", "visibility"]
    search_fields = ["name", "name_es", "name_en"]
    panels = [FieldPanel("community"), *_texts(), FieldPanel("slug", widget=SlugInput),
              FieldPanel("visibility")]  # fmt: skip


class MembershipViewSet(ModeratorViewSet):
    """Who belongs to which group: editors name the first coordinators here."""

    model = Membership
    name = "practice_memberships"
    url_prefix = "practice/memberships"
    icon = "user"
    menu_label = _("Group members")
    list_display = ["member", "group", "state", "role", "created_at"]
    list_filter = ["group", "state", "role"]
    search_fields = ["member__display_name", "group__name"]
    panels = [
        FieldPanel("group"),
        # A chooser with a search: a select would list every member of the site.
        FieldPanel("member", widget=member_chooser_viewset.widget_class),
        FieldPanel("state"),
        FieldPanel("role"),
    ]


class AnnouncementViewSet(ModeratorViewSet):
    """What coordinators emailed to their groups: moderators read them and
    delete one that breaks the rules (the emails are gone already)."""

    model = Announcement
    name = "practice_announcements"
    url_prefix = "practice/announcements"
    icon = "mail"
    menu_label = _("Group announcements")
    list_display = ["subject", "group", "author", "created_at", "recipient_count"]
    list_filter = ["group__community"]
    search_fields = ["subject", "body"]
    form_fields = ["subject", "body"]


class PracticeMenuGroup(ViewSetGroup):
    menu_label = _("Communities")  # the sidebar cuts longer labels
    menu_icon = "group"
    menu_order = 252
    items = (
        CommunityViewSet,
        InterestGroupViewSet,
        MembershipViewSet,
        AnnouncementViewSet,
    )


@hooks.register("register_admin_viewset")
def register_practice_admin():
    return PracticeMenuGroup()
