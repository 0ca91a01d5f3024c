"""Admin-wide additions: the observatory's small stylesheet."""

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
