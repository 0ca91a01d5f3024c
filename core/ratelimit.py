"""One rate limiter for every public form: at most ``limit`` of an action per
period (a day, unless said otherwise) for one key (a member, a sender's address,
the keyed hash of an IP address).

What is counted are the rows the action leaves in the database (the comments,
requests or messages themselves, filtered by the key), so the limits hold across
worker processes and restarts and need no cache of their own. The caller passes
those rows as a queryset, or several (a member's comments, topics and replies
count together). Each app keeps its own numbers, settings, messages and HTTP
status; this module only counts.

Sign-in attempts are limited by django-allauth itself (``ACCOUNT_RATE_LIMITS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

DAY = timedelta(days=1)


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` rows per ``period``, dated by their ``field``.

    ``strict``: a row exactly ``period`` old has left the window already (the
    community's posting limits); otherwise it still counts (the forms' limits).
    """

    limit: int
    period: timedelta = DAY
    field: str = "created_at"
    strict: bool = False

    def since(self, now: datetime | None = None) -> datetime:
        return (now or timezone.now()) - self.period

    def recent(self, rows: QuerySet, now: datetime | None = None) -> QuerySet:
        """The rows inside the window."""
        lookup = f"{self.field}__{'gt' if self.strict else 'gte'}"
        return rows.filter(**{lookup: self.since(now)})

    def count(self, rows: QuerySet, now: datetime | None = None) -> int:
        return self.recent(rows, now).count()

    def reached(self, rows: QuerySet, now: datetime | None = None) -> bool:
        """Whether the key has used up its allowance: one more would be too many."""
        return self.count(rows, now) >= self.limit

    def times(
        self, rows: QuerySet | Sequence[QuerySet], now: datetime | None = None
    ) -> list[datetime]:
        """When the rows inside the window were made, newest first, at most
        ``limit`` of them: one query, whatever the number of querysets."""
        querysets = [rows] if isinstance(rows, QuerySet) else list(rows)
        dated = [
            self.recent(queryset, now).order_by().values_list(self.field, flat=True)
            for queryset in querysets
        ]
        union = dated[0].union(*dated[1:], all=True) if len(dated) > 1 else dated[0]
        return list(union.order_by(f"-{self.field}")[: self.limit])

    def full(self, times: Sequence[datetime]) -> bool:
        """Whether these ``times`` (from ``times()``) use up the allowance."""
        return len(times) >= self.limit

    def seconds_left(self, times: Sequence[datetime], now: datetime) -> float:
        """Seconds until the window has room again, for ``times`` that fill it:
        when the oldest of the ``limit`` newest rows leaves it."""
        return (times[self.limit - 1] + self.period - now).total_seconds()
