"""The map's other layers, each given by the app that owns its content.

The map shows the project files that match the search, and on top of them other
things with a place (the caravan's coming stops). Those apps sit above search:
they register a function here from their ``AppConfig.ready()``, and the map API
adds what each returns (JSON-encoded items with a ``kind`` of their own).
"""

from __future__ import annotations

from collections.abc import Callable

_layers: list[Callable[[], list[str]]] = []


def register_layer(items: Callable[[], list[str]]) -> None:
    """Add a layer: ``items()`` returns its map items, each a JSON string."""
    if items not in _layers:
        _layers.append(items)


def layer_items() -> list[str]:
    return [item for items in _layers for item in items()]
