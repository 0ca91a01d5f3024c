"""Background work that keeps the search index in step with publishing."""

from django_tasks import task

from core.derived import background_builds, queue_rebuild, started

from .service import reindex_projects, replay_missed_writes, translate_waiting

# The name under which a queued build of the whole map is remembered: a burst of
# publishes (or a bulk reindex) queues one build, not one per page.
MAP_BUILD = "map-data"


@task()
def reindex_projects_task(keys: list[str]) -> int:
    """Reindex (or drop) the given projects in every configured engine with the
    translations kept so far; runs after the publishing transaction commits.
    Projects missing machine translations are then translated by a task of
    their own, so the page is searchable in its language without waiting."""
    count = reindex_projects(keys)
    from .models import PendingTranslation

    if PendingTranslation.objects.filter(key__in=keys).exists():
        translate_projects_task.enqueue()
    # The whole map is read from the index: build it again now that it changed
    # (by the worker; without one, the next map request builds it).
    if background_builds():
        queue_rebuild(MAP_BUILD, build_map_data_task)
    return count


@task()
def translate_projects_task() -> int:
    """Machine-translate the projects indexed without all their translations, and
    index them again (Apertium; a failing engine leaves them waiting)."""
    done, _waiting = translate_waiting()
    return done


@task()
def replay_missed_writes_task() -> int:
    """Write into each engine the projects it missed while it was down: enqueued
    when an engine answers again after an outage, so its index catches up without
    a manual repair."""
    return replay_missed_writes()


@task()
def build_map_data_task(languages: list[str] | None = None) -> int:
    """Build the whole map (no filter) of these languages (all by default) as
    files the map API serves as they are (search/map_build.py)."""
    from .map_build import build_all

    if not languages:
        started(MAP_BUILD)
    return build_all(languages)
