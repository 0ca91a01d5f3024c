"""Signal receivers of the open data (connected in OpendataConfig.ready())."""


def _rebuild_later(**_kwargs) -> None:
    from core.derived import queue_rebuild
    from opendata.datasets import BUILD_NAME
    from opendata.tasks import build_open_data_task

    queue_rebuild(BUILD_NAME, build_open_data_task)


def connect() -> None:
    from core.caching import tree_changed

    # In production the worker rebuilds the files after each change.
    tree_changed.connect(_rebuild_later, dispatch_uid="opendata-rebuild")
