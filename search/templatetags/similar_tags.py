"""``{% similar_project_cards page as cards %}``: the similar projects of a page."""

from django import template
from django.utils.translation import get_language

from ..similar import cached_similar_projects, hit_cards, similar_projects

register = template.Library()

SHOWN = 4


@register.simple_tag(takes_context=True)
def similar_project_cards(context, page) -> list[dict]:
    """Cards of up to four similar projects. Cached until the page tree changes,
    except in previews (an editor sees the list as it is now)."""
    request = context.get("request")
    language = get_language()
    if getattr(request, "is_preview", False):
        hits = similar_projects(page.pk, SHOWN, language)
    else:
        hits = cached_similar_projects(page.pk, SHOWN, language)
    return hit_cards(hits, language)
