"""Template tags of professional profiles: "People who worked on this"."""

from django import template

from community.directory import project_people

register = template.Library()


@register.simple_tag(takes_context=True)
def project_people_for(context, page) -> dict:
    """The members the viewer may see who declared ``page`` (one query), and
    whether the viewer is one of those who declared it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if page is None or not getattr(page, "pk", None):
        return {"people": [], "claimed": False}
    people = project_people(page, user)
    claimed = bool(
        user is not None
        and user.is_authenticated
        and any(person.user_id == user.pk for person in people)
    )
    return {"people": people, "claimed": claimed}
