"""Template tags of the forum: the topics that mention a project file, and the
breadcrumbs of a category (the forum's, or those of the group that owns it)."""

from django import template

from community import forum, forum_access

register = template.Library()


@register.simple_tag
def forum_topics_for(page) -> list[dict]:
    """Visible topics mentioning ``page`` (cached: no query once warm)."""
    if page is None or not getattr(page, "pk", None):
        return []
    return forum.topics_mentioning(page.pk)


@register.simple_tag(takes_context=True)
def project_address_example(context) -> str:
    """What an address the "project files" field of a topic wants looks like on
    this site: the project list of the page's language, then "…/"."""
    from django.utils import translation

    from project_pages.models import ProjectIndexPage

    request = context.get("request")
    index = (
        ProjectIndexPage.objects.live()
        .filter(locale__language_code=translation.get_language())
        .first()
    )
    path = index.url if index is not None and index.url else "/"
    absolute = request.build_absolute_uri(path) if request is not None else path
    return absolute + "…/"


@register.inclusion_tag("community/forum/_breadcrumbs.html")
def forum_breadcrumbs(category, with_category: bool = True) -> dict:
    """The way back from a topic (or, ``with_category=False``, from the
    category's own page): Forum › category, or the owning group's pages."""
    return {"crumbs": forum_access.breadcrumbs(category, with_category)}
