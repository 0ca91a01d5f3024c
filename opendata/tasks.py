"""Background work of the open data: the files rebuilt by the worker after each
change, so no visitor waits a minute for a build."""

from django_tasks import task


@task()
def build_open_data_task() -> int:
    """Build the files of the current content version; returns the records."""
    from opendata.datasets import build_current

    return build_current().count
