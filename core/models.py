"""Core has no tables: ``Moderation`` only holds the permission that says who
moderates the community (``core.moderate_community``, see core/permissions.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Moderation(models.Model):
    """A model without a table, so that the moderators' permission belongs to the
    bottom layer every app may ask, not to one feature app."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("moderate_community", _("Can moderate the community"))]
        verbose_name = _("moderation")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
