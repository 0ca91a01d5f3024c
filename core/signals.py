"""Signal receivers of the shared helpers, connected in ``CoreConfig.ready()``."""


def connect() -> None:
    from core.caching import connect_signals

    connect_signals()
