"""Admin-wide additions: the observatory's small stylesheet, the moderators'
permission on the group editing page."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


@hooks.register("insert_global_admin_css")
def observatory_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("after_edit_page")
def say_published_after_approval(request, page):
    """ "Approve and publish" from the page editor published the page; Wagtail 8.0
    still says "has been updated". Say what happened."""
    if request.method != "POST" or request.POST.get("workflow-action-name") != (
        "approve"
    ):
        return None
    page.refresh_from_db(fields=["live", "has_unpublished_changes"])
    if not page.live or page.has_unpublished_changes:
        return None
    from django.contrib import messages
    from django.utils.translation import gettext

    for message in reversed(
        getattr(messages.get_messages(request), "_queued_messages", [])
    ):
        if message.level == messages.SUCCESS:
            message.message = gettext("Page '%(page_title)s' has been published.") % {
                "page_title": page.get_admin_display_title()
            }
            break
    return None


@hooks.register("register_permissions")
def moderation_permission():
    """The moderators' permission on the group editing page, so that an
    administrator can grant it to another group (core/permissions.py)."""
    from django.contrib.auth.models import Permission

    from core.permissions import APP_LABEL, CODENAME

    return Permission.objects.filter(
        content_type__app_label=APP_LABEL, codename=CODENAME
    )


# --- Sign-in lockouts: administrators see who is paused and may lift it --------


class LockoutPermissionPolicy(ModelPermissionPolicy):
    """Axes' own model permissions, minus adding and editing: records are
    written by the sign-in forms only."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "copy"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class LoginLockoutViewSet(ModelViewSet):
    """Failed sign-ins that axes counts (core/login_throttle.py): deleting a row
    lifts that account's lockout from that address. Superusers only (axes'
    model permissions); nothing can be added or edited."""

    from axes.models import AccessAttempt as model

    icon = "lock"
    menu_label = _("Sign-in lockouts")
    name = "login_lockouts"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    form_fields = ["username"]

    def get_urlpatterns(self):
        kept = {"index", "index_results", "inspect", "delete", "usage"}
        return [p for p in super().get_urlpatterns() if p.name in kept]


@hooks.register("register_admin_viewset")
def register_login_lockouts():
    from axes.models import AccessAttempt

    register_permission_policy(AccessAttempt, LockoutPermissionPolicy(AccessAttempt))
    return LoginLockoutViewSet()
