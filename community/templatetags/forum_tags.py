"""Template tags of the forum: the topics that mention a project file."""

from django import template

from community import forum

register = template.Library()


@register.simple_tag
def forum_topics_for(page) -> list[dict]:
    """Visible topics mentioning ``page`` (cached: no query once warm)."""
    if page is None or not getattr(page, "pk", None):
        return []
    return forum.topics_mentioning(page.pk)
