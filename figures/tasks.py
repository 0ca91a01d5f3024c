"""Background work of the figures: rebuilt by the worker after each change."""

from django_tasks import task

from core import derived


@task()
def build_figures_task() -> int:
    """Compute the figures for the current content; returns the projects counted."""
    from figures.data import CACHE_KEY, compute_figures

    return derived.rebuild(CACHE_KEY, compute_figures).total
