"""Admin-wide additions: the observatory's small stylesheet, the moderators'
permission on the group editing page."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


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
