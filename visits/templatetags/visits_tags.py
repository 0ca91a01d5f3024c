"""``{% stops_for_project page as stops %}``: the caravan stops that presented a
project file (with their write-ups), cached until the page tree changes."""

from django import template

from core.caching import tree_cached

register = template.Library()


def _stops(page_id: int) -> list[dict]:
    from visits.models import StopPage as Stop

    rows = []
    for stop in (
        Stop.objects.live()
        .public()
        .filter(projects=page_id)
        .select_related("write_up")
        .order_by("-starts_at")[:20]
    ):
        write_up = stop.write_up if stop.write_up and stop.write_up.live else None
        rows.append(
            {
                "title": stop.title,
                "url": stop.url,
                "starts_at": stop.starts_at,
                "write_up_title": write_up.title if write_up else "",
                "write_up_url": write_up.url if write_up else "",
            }
        )
    return rows


@register.simple_tag
def stops_for_project(page) -> list[dict]:
    return tree_cached(f"project-stops:{page.pk}", lambda: _stops(page.pk))
