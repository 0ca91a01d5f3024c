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


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker (core/workers.py): the health
    endpoint reads it, and jobs of a worker that stopped beating run again."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
