"""Signal receivers of the shared helpers, connected in ``CoreConfig.ready()``."""


def connect() -> None:
    from core.caching import connect_signals

    connect_signals()

    # Writes that public pages show forget the anonymous page cache.
    from core import page_cache

    page_cache.connect_signals()
    from django.core import checks

    checks.register(page_cache.check_first_middleware)
