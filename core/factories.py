"""Test data of core's models: a worker's heartbeat and a sent email's record."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from .models import SentEmail, WorkerHeartbeat


class WorkerHeartbeatFactory(DjangoModelFactory):
    """A worker that beat just now."""

    class Meta:
        model = WorkerHeartbeat

    worker_id = factory.Sequence(lambda n: f"worker-{n}")
    hostname = "observatori-1"
    pid = factory.Sequence(lambda n: 1000 + n)
    seen_at = factory.LazyFunction(timezone.now)


class SentEmailFactory(DjangoModelFactory):
    class Meta:
        model = SentEmail

    key = factory.Sequence(lambda n: f"task:{n}:")
