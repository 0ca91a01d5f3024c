"""Signal receivers that keep the index in step with publishing (after commit),
and every process' thesaurus in step with the editors' changes; ``connect()`` is
called from ``SearchConfig.ready()``."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.caching import tree_changed
from project_pages.models import Entity, ProjectPage

from . import thesaurus
from .engines.breaker import engine_recovered
from .models import MissedWrite, SynonymSet
from .service import schedule_reindex


def _projects_under(page: Page) -> list[str]:
    return [
        str(key)
        for key in ProjectPage.objects.descendant_of(page, inclusive=True).values_list(
            "translation_key", flat=True
        )
    ]


def _page_published_or_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ProjectPage):
        schedule_reindex([instance.translation_key])


def _project_deleted(sender, instance, **kwargs):
    schedule_reindex([instance.translation_key])


def _page_moved(sender, instance, **kwargs):
    schedule_reindex(_projects_under(instance))


def _privacy_changed(sender, instance, **kwargs):
    """Making a section private (or public again) changes what may be searched."""
    try:
        page = instance.page
    except Page.DoesNotExist:  # the page itself is being deleted
        return
    schedule_reindex(_projects_under(page))


def _entity_saved(sender, instance, created, **kwargs):
    if not created:
        schedule_reindex(
            ProjectPage.objects.filter(project_entities__entity=instance)
            .values_list("translation_key", flat=True)
            .distinct()
        )


def _thesaurus_changed(sender, **kwargs):
    thesaurus.changed()


def _engine_recovered(sender, **kwargs):
    """An engine answers again after an outage: replay what it missed (in the
    worker, with a task backend that has one)."""
    from .tasks import replay_missed_writes_task

    if MissedWrite.objects.filter(engine=sender).exists():
        replay_missed_writes_task.enqueue()


def _enqueue_map_build() -> None:
    from core.derived import queue_rebuild

    from .tasks import MAP_BUILD, build_map_data_task

    queue_rebuild(MAP_BUILD, build_map_data_task)


def _tree_changed(sender, **kwargs):
    """The whole map is built again by the worker once the change is committed;
    once per transaction, however many changes it holds. Without a worker
    (development, tests) the next map request builds it."""
    from core.derived import background_builds

    if not background_builds():
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _enqueue_map_build for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_map_build)


def connect() -> None:
    tree_changed.connect(_tree_changed, dispatch_uid="search-map-build")
    for signal in (page_published, page_unpublished):
        signal.connect(_page_published_or_unpublished, dispatch_uid="search-publish")
    post_delete.connect(_project_deleted, sender=ProjectPage, dispatch_uid="search-del")
    post_page_move.connect(_page_moved, dispatch_uid="search-move")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=PageViewRestriction, dispatch_uid="search-privacy"
        )
        signal.connect(
            _thesaurus_changed, sender=SynonymSet, dispatch_uid="search-thesaurus"
        )
    post_save.connect(_entity_saved, sender=Entity, dispatch_uid="search-entity")
    engine_recovered.connect(_engine_recovered, dispatch_uid="search-recovered")
