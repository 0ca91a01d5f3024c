"""``{% follow_button obj %}``: a follow / unfollow form for a project file, an
article, a topic, a category or an area.

Visitors who are not signed in get a "sign in to follow" link, rendered without
any query (so that cached pages stay free); a signed-in member costs one query
(``following.is_following``). ``{% follow_button obj following=True %}`` skips it
when the caller already knows.
"""

from django import template
from django.urls import reverse

from community import following as follows
from community.views_following import anchor, pop_confirmation

register = template.Library()


@register.inclusion_tag("community/following/button.html", takes_context=True)
def follow_button(context, obj, following=None, label: str = ""):
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    kind = follows.kind_of(obj)
    here = request.get_full_path() if request is not None else ""
    if signed_in and following is None:
        following = follows.is_following(user.pk, obj)
    target = anchor(kind, obj.pk)
    done = pop_confirmation(request, target) if signed_in else ""
    return {
        "anchor": target,
        "done": done,
        "signed_in": signed_in,
        "following": bool(following),
        "kind": kind,
        "page_kind": type(obj).__name__ if kind == "page" else "",
        "action_url": reverse("community:follow", args=[kind, obj.pk]),
        "next": here,
        "label": label,
        "csrf_token": context.get("csrf_token"),
    }
