"""Signal receivers of the content model (connected in its AppConfig.ready())."""


def connect() -> None:
    from django.db.backends.signals import connection_created

    from core.caching import watch_models
    from project_pages.models import Entity
    from project_pages.names import register_sqlite_collation

    # Pages show their entities: an entity saved or deleted changes cached pages.
    watch_models(Entity)
    connection_created.connect(
        register_sqlite_collation, dispatch_uid="observatory_ca_collation"
    )
