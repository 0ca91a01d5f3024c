"""Other full-text indexes that ``manage.py search_index rebuild`` writes again
along with the projects', registered by the apps that own them (the forum's, in
the community app), so that this app needs to know none of them."""

from __future__ import annotations

from collections.abc import Callable

# name -> (the function that rebuilds the index and returns the rows written,
# what those rows are, for the command's report)
_REBUILDS: dict[str, tuple[Callable[[], int], str]] = {}


def register_rebuild(name: str, rebuild: Callable[[], int], rows: str) -> None:
    """Have ``search_index rebuild`` call ``rebuild()`` and report its count as
    "<name>: indexed <count> <rows>"."""
    _REBUILDS[name] = (rebuild, rows)


def registered_rebuilds() -> dict[str, tuple[Callable[[], int], str]]:
    return dict(_REBUILDS)
