"""Core's models: ``Moderation`` has no table and only holds the permission that
says who moderates the community (``core.moderate_community``, see
core/permissions.py); ``SentEmail`` remembers which emails left (core/once.py)."""

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


class SentEmail(models.Model):
    """One email sent for one reason (``core.once.send_once``): a job run again
    after its worker died sends what is missing and nothing twice."""

    key = models.CharField(_("reason"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")

    def __str__(self) -> str:
        return self.key
