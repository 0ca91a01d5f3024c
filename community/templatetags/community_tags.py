"""Template tags of the community: comment threads and comment counts on cards."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from community import threads
from community.views_comments import DRAFT_KEY, MAX_LENGTH, NOTICE_KEY
from core.dates import DatetimeFormatter
from core.honeypot import POST_FIELD

register = template.Library()

THREAD_TEMPLATE = "community/comments/thread.html"
REPLY_FORM_TEMPLATE = "community/comments/form.html"
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
    formatted = DatetimeFormatter()  # date_format per comment was a third of the time
    for item in items:
        comment = item.comment
        local = timezone.localtime(comment.created_at)
        item.iso_date = local.isoformat()
        item.date = formatted(local)
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


def _render_items(items, signed_in: bool, reply_form) -> SafeString:
    """The thread's list, built in Python: a template loop over 500 comments cost
    most of the page (about 0.1 ms per comment); this is the same markup as
    thread.html had, every value escaped (``escape``)."""
    texts = {
        "gone": escape(_("Comment deleted")),
        "deleted": escape(_("deleted member")),
        "link": escape(_("Link to this comment")),
        "edited": escape(_("(edited)")),
        "held": escape(
            _("Waiting for moderation: only you can see this comment for now.")
        ),
        "hidden": escape(
            _("Hidden until a moderator reviews it: only you can see it.")
        ),
        "edit": escape(_("Edit")),
        "delete": escape(_("Delete")),
        "report": escape(_("Report")),
        "reply": escape(_("Reply")),
    }
    out: list[str] = []
    add = out.append
    names: dict[int, str] = {}
    for item in items:
        comment = item.comment
        classes = "comment"
        if item.placeholder:
            classes += " comment--placeholder"
        if comment.status == "held":
            classes += " comment--held"
        if item.own:
            classes += " comment--own"
        add(f'<li class="{classes}" id="comment-{comment.pk}">')
        if item.placeholder:
            add(f'<p class="comment__gone">{texts["gone"]}</p>')
        else:
            add('<article class="comment__box"><header class="comment__meta">')
            if comment.author is None:
                add(
                    '<span class="comment__author comment__author--deleted">'
                    f"{texts['deleted']}</span>"
                )
            else:
                name = names.get(comment.author_id)
                if name is None:
                    name = names[comment.author_id] = escape(
                        comment.author.display_name
                    )
                if item.profile_url:
                    add(
                        f'<a class="comment__author" href="{escape(item.profile_url)}"'
                        f">{name}</a>"
                    )
                else:
                    add(f'<span class="comment__author">{name}</span>')
            add(
                f' <a class="comment__permalink" href="{escape(item.permalink)}" '
                f'title="{texts["link"]}"><time datetime="{escape(item.iso_date)}">'
                f"{escape(item.date)}</time></a>"
            )
            if comment.edited_at:
                add(f' <span class="muted">{texts["edited"]}</span>')
            add("</header>")
            if comment.status == "held":
                add(f'<p class="comment__note">{texts["held"]}</p>')
            elif comment.status == "hidden":
                add(f'<p class="comment__note">{texts["hidden"]}</p>')
            add(f'<div class="comment__text">{conditional_escape(comment.html)}</div>')
            if signed_in and (
                item.can_reply or item.can_edit or item.can_delete or item.can_report
            ):
                add('<div class="comment__actions">')
                for url, label, extra in (
                    (item.edit_url, "edit", ""),
                    (item.delete_url, "delete", ""),
                    (item.report_url, "report", ""),
                    (item.reply_url, "reply", ' class="comment__reply-link"'),
                ):
                    if url:
                        add(f'<a{extra} href="{escape(url)}">{texts[label]}</a> ')
                if item.replying:
                    add(
                        f'<div class="comment__reply" id="reply-{comment.pk}">'
                        f"{reply_form(comment.pk)}</div>"
                    )
                add("</div>")
            add("</article>")
        if item.has_children:
            add('<ol class="comment-list comment-list--replies">')
        else:
            add("</li>" + "</ol></li>" * len(item.closes))
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def comment_thread(context, page, narrow: bool = False) -> SafeString:
    """The thread of ``page``: rows kept per thread version for signed-in members
    (built for each viewer); for visitors, the
    same HTML for all, cached until the thread changes (community/threads.py)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)

    def render() -> str:
        thread = threads.build_thread(
            threads.cached_comments(page.pk),
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
            "honeypot": POST_FIELD,
            "max_length": MAX_LENGTH,
            "login_next": f"{request.path}#comment-form" if request else "",
        }
        if signed_in:
            values["draft"] = draft
            notice = _pop_for_page(request, NOTICE_KEY, page.pk)
            values["notice"] = notice.get("text") if notice else None
            values["csrf_token"] = context.get("csrf_token")
        engine = context.template.engine

        def reply_form(parent: int) -> str:
            form = engine.get_template(REPLY_FORM_TEMPLATE)
            return form.render(
                context.new({**values, "parent": parent, "form_id": parent})
            )

        values["items_html"] = _render_items(thread.items, signed_in, reply_form)
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
