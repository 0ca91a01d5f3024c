"""Signal receivers of the figures (connected in FiguresConfig.ready())."""


def connect() -> None:
    """A new private section (or one made public) changes what is counted; the
    shared caching module does not watch view restrictions, so watch them here."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction

    from core.caching import bump_tree_version

    for signal in (post_save, post_delete):
        signal.connect(
            bump_tree_version,
            sender=PageViewRestriction,
            dispatch_uid=f"obs-figures-restriction-{id(signal)}",
        )
