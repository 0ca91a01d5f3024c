"""Project files and groups: the list on a group page and its Manage page, and
"Groups that follow this project" on a project file's page (outside its cached
body, like "People who worked on this")."""

from django import template

from practice.group_projects import followed_pages, groups_following

register = template.Library()


@register.simple_tag
def group_projects(group, own) -> list:
    if not group.content_visible_to(own):
        return []
    return followed_pages(group)


@register.simple_tag(takes_context=True)
def typed_project(context) -> str:
    """What a coordinator typed when adding a project file failed (kept once)."""
    request = context.get("request")
    session = getattr(request, "session", None)
    if session is None or "practice_project_typed" not in session:
        return ""
    return session.pop("practice_project_typed")


@register.simple_tag
def project_groups_for(page) -> list[dict]:
    """The open and moderated groups following ``page``: one query, cached."""
    if page is None or not getattr(page, "pk", None):
        return []
    return groups_following(page)


@register.simple_tag
def manage_projects(group) -> list:
    """The Manage page's list (its view lets coordinators only in)."""
    return followed_pages(group)
