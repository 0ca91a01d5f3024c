"""Template tags of the community: comment threads and comment counts on cards."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from community import threads
from community.policy import HONEYPOT_FIELD
from community.views_comments import DRAFT_KEY, MAX_LENGTH, NOTICE_KEY

register = template.Library()

THREAD_TEMPLATE = "community/comments/thread.html"
PLACEHOLDER = 2_147_483_647  # an id no comment has: reversed once, then replaced


def _pop_for_page(request, key: str, page_id: int) -> dict | None:
    """A one-time value the comment views left in the session for this page."""
    if request is None or not request.user.is_authenticated:
        return None  # visitors cannot post: their session is never read
    value = request.session.get(key)
    if isinstance(value, dict) and value.get("page") == page_id:
        del request.session[key]
        return value
    return None


class UrlPattern:
    """``reverse()`` once per thread, not once per comment (500 comments, 5 links
    each, would otherwise cost more than the rest of the page)."""

    def __init__(self, name: str):
        try:
            self.pattern = reverse(name, args=[PLACEHOLDER])
        except NoReverseMatch:
            self.pattern = ""

    def __call__(self, pk) -> str:
        return self.pattern.replace(str(PLACEHOLDER), str(pk)) if self.pattern else ""


def _decorate(items, path: str = "", reply_to: int | None = None) -> None:
    """Everything the template shows per comment, computed in Python."""
    permalink = UrlPattern("community:comment_permalink")
    edit = UrlPattern("community:comment_edit")
    delete = UrlPattern("community:comment_delete")
    report = UrlPattern("community:comment_report")
    profile = UrlPattern("community:member_profile")
    for item in items:
        comment = item.comment
        local = timezone.localtime(comment.created_at)
        item.iso_date = local.isoformat()
        item.date = date_format(local, "j F Y, H:i")
        item.permalink = permalink(comment.pk)
        item.profile_url = profile(comment.author.pk) if comment.author else ""
        item.edit_url = edit(comment.pk) if item.can_edit else ""
        item.delete_url = delete(comment.pk) if item.can_delete else ""
        item.report_url = report(comment.pk) if item.can_report else ""
        item.replying = item.can_reply and comment.pk == reply_to
        item.reply_url = (
            f"{path}?reply={comment.pk}#reply-{comment.pk}"
            if item.can_reply and not item.replying
            else ""
        )


@register.simple_tag(takes_context=True)
def comment_thread(context, page, narrow: bool = False) -> SafeString:
    """The thread of ``page``: one query for a signed-in member; for visitors, the
    same HTML for all, cached until the thread changes (community/threads.py)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)

    def render() -> str:
        thread = threads.build_thread(
            threads.load_comments(page.pk),
            viewer_user_id=user.pk if signed_in else None,
        )
        draft = _pop_for_page(request, DRAFT_KEY, page.pk) if signed_in else None
        reply_to = draft.get("parent") if draft else None
        if signed_in and not reply_to:
            try:
                reply_to = int(request.GET.get("reply", ""))
            except ValueError:
                reply_to = None
        _decorate(thread.items, request.path if request else "", reply_to)
        values = {
            "page": page,
            "thread": thread,
            "signed_in": signed_in,
            "narrow": narrow,
            "honeypot": HONEYPOT_FIELD,
            "max_length": MAX_LENGTH,
            "login_next": f"{request.path}#comment-form" if request else "",
        }
        if signed_in:
            values["draft"] = draft
            notice = _pop_for_page(request, NOTICE_KEY, page.pk)
            values["notice"] = notice.get("text") if notice else None
            values["csrf_token"] = context.get("csrf_token")
        engine = context.template.engine
        return engine.get_template(THREAD_TEMPLATE).render(context.new(values))

    if signed_in:
        return mark_safe(render())  # noqa: S308 - a template's autoescaped output
    html = threads.cached_for_visitors(page.pk, get_language() or "", render)
    return mark_safe(html)  # noqa: S308 - a template's autoescaped output


@register.simple_tag
def comment_counts(pages) -> dict[int, int]:
    """Visible comments of each page in a list of cards, in one query:
    ``{% comment_counts projects as comment_counts %}`` before the loop."""
    return threads.visible_counts([getattr(page, "pk", None) for page in pages])


@register.filter
def count_for(counts, page_id) -> int:
    """``{{ comment_counts|count_for:project.pk }}``: 0 when unknown."""
    if not counts:
        return 0
    return counts.get(page_id, 0)
