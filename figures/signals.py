"""Signal receivers of the figures (connected in FiguresConfig.ready())."""


def connect() -> None:
    """A new private section (or one made public) changes what is counted; the
    shared caching module does not watch view restrictions, so watch them here."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction

    from core.caching import bump_tree_version, tree_changed

    # In production the worker rebuilds the figures after each change.
    tree_changed.connect(_rebuild_later, dispatch_uid="figures-rebuild")

    for signal in (post_save, post_delete):
        signal.connect(
            bump_tree_version,
            sender=PageViewRestriction,
            dispatch_uid=f"obs-figures-restriction-{id(signal)}",
        )


def _rebuild_later(**_kwargs) -> None:
    from core.derived import queue_rebuild
    from figures.data import CACHE_KEY
    from figures.tasks import build_figures_task

    queue_rebuild(CACHE_KEY, build_figures_task)
