"""The meetings of a group page and of its Manage page
(templates/practice/_group_meetings.html, _manage_meetings.html)."""

from django import template

from practice.models import State
from practice.models_meetings import Meeting
from practice.views_meetings import calendar_key, member_calendar_url

register = template.Library()

PAST_SHOWN = 10


@register.simple_tag
def group_meetings(group, own) -> dict:
    """Coming and past meetings for those who may see the group's content, and
    the address of the calendar feed: a member's own secret one (with the video
    links), else the public one of an open or moderated group (without them:
    a stranger should not find the way into a call)."""
    if not group.content_visible_to(own):
        return {"shown": False}
    upcoming = list(Meeting.objects.filter(group=group).upcoming())
    past = list(Meeting.objects.filter(group=group).past()[:PAST_SHOWN])
    member = own is not None and own.state == State.MEMBER
    if member:
        feed = member_calendar_url(calendar_key(group, own.member))
    elif group.is_private:
        feed = ""
    else:
        from django.urls import reverse

        feed = reverse(
            "practice:group_calendar", args=[group.community.slug, group.slug]
        )
    return {
        "shown": True,
        "upcoming": upcoming,
        "past": past,
        "feed": feed,
        "member": member,
    }


@register.simple_tag
def manage_meetings(group) -> list:
    """Meetings a coordinator may still edit or cancel: those not over yet."""
    return list(Meeting.objects.filter(group=group).upcoming())
