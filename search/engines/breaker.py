"""A circuit breaker for a search engine on the network (Elasticsearch).

Without it, every search during an outage tries the node first (and waits for the
timeout when the node hangs) before the database answers, and the log takes one
warning per request. With it, the first failure opens the circuit: the engine is
not asked again for ``first`` seconds, then one request at a time probes it, the
wait doubling after each failed probe up to ``longest`` seconds. The first success
closes it and sends ``engine_recovered``, so the writes the engine missed meanwhile
are replayed (search/signals.py) without anyone running a repair.

Each process (gunicorn worker) has its own breaker and finds out about an outage
by itself, at the cost of one failed request; what they share goes through the
cache (Redis in production), so that an outage makes one WARNING in the log
and its end one INFO, whatever the number of processes, and the missed writes
are replayed once: the first process to open the circuit records the outage in
the cache and logs it (the others say so at DEBUG), the first to see the engine
answer again removes the record, logs it and sends ``engine_recovered``. While
open, a process looks at that record (at most once a second): when another
process has seen the engine back, it probes at once instead of waiting out its
own backoff, so every worker is back within about a second. When the cache
itself fails, each process simply keeps its own state.
"""

import hashlib
import logging
import threading
import time
from collections.abc import Callable

from django.core.cache import cache
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent (sender: the engine's name, url=...) when an engine answers again after an
# outage, from the process that noticed.
engine_recovered = Signal()


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        url: str,
        first: float = 5.0,
        longest: float = 10.0,
        label: str = "",
        clock: Callable[[], float] = time.monotonic,
    ):
        self.name = name  # the engine's name (MissedWrite.engine)
        self.label = label or name  # the engine's name in the log
        self.url = url
        self.first = first
        self.longest = longest
        self.clock = clock
        self._lock = threading.Lock()
        self.opened_at: float | None = None  # None: closed
        self.retry_at = 0.0
        self.wait = first
        self.probing = False
        self.shared_checked_at = 0.0
        self.shared_key = (
            "observatory:search-outage:"
            + hashlib.sha256(f"{name} {url}".encode()).hexdigest()[:16]
        )

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def allow(self) -> bool:
        """Whether this call may go to the engine: always while closed; while
        open, one probe at a time once the wait is over."""
        with self._lock:
            if self.opened_at is None:
                return True
            if self.probing:
                return False
            now = self.clock()
            if now < self.retry_at and not self._back_elsewhere(now):
                return False
            self.probing = True
            return True

    def _back_elsewhere(self, now: float) -> bool:
        """Whether another process has seen the engine answer again (the shared
        record of the outage is gone); asked at most once a second."""
        if now - self.shared_checked_at < 1.0:
            return False
        self.shared_checked_at = now
        try:
            return cache.get(self.shared_key) is None
        except Exception:  # noqa: BLE001 - the cache down: keep our own state
            return False

    def succeeded(self) -> None:
        with self._lock:
            self.probing = False
            if self.opened_at is None:
                return
            down = self.clock() - self.opened_at
            self.opened_at = None
            self.wait = self.first
        try:
            first_to_know = bool(cache.delete(self.shared_key))
        except Exception:  # noqa: BLE001 - the cache down: every process reports
            first_to_know = True
        if not first_to_know:
            logger.debug("%s is back (already reported)", self.label)
            return
        logger.info("%s is back after %.0f s (%s)", self.label, down, self.url)
        # The caller's request must not fail because a receiver did.
        for receiver, result in engine_recovered.send_robust(
            sender=self.name, url=self.url
        ):
            if isinstance(result, Exception):
                logger.warning(
                    "After %s came back, %s failed: %s", self.label, receiver, result
                )

    def failed(self, error: BaseException) -> None:
        with self._lock:
            self.probing = False
            now = self.clock()
            if self.opened_at is None:
                self.opened_at = now
                self.wait = self.first
                opening = True
            else:
                self.wait = min(self.wait * 2, self.longest)
                opening = False
            self.retry_at = now + self.wait
            wait = self.wait
        if opening and not self._record_outage():
            logger.debug("%s unreachable (already reported)", self.label)
        elif opening:
            logger.warning(
                "%s unreachable at %s (%s), using the database engine; "
                "trying again in %.0f s",
                self.label,
                self.url,
                _short(error),
                wait,
            )
        else:
            logger.debug("%s still unreachable; next try in %.0f s", self.label, wait)

    def _record_outage(self) -> bool:
        """Record the outage for every process; whether this one is the first."""
        try:
            return bool(cache.add(self.shared_key, time.time(), 3600))
        except Exception:  # noqa: BLE001 - the cache down: every process reports
            return True

    def released(self) -> None:
        """A probe that ended neither way (an unexpected error): let the next
        caller probe."""
        with self._lock:
            self.probing = False


def _short(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 200 else text[:197] + "..."


_BREAKERS: dict[tuple[str, str], CircuitBreaker] = {}
_REGISTRY_LOCK = threading.Lock()


def breaker_for(
    name: str, url: str, first: float = 5.0, longest: float = 10.0, label: str = ""
) -> CircuitBreaker:
    """The process' breaker of that engine at that URL (engines are created per
    request; their breaker outlives them)."""
    with _REGISTRY_LOCK:
        breaker = _BREAKERS.get((name, url))
        if breaker is None:
            breaker = _BREAKERS[(name, url)] = CircuitBreaker(
                name, url, first, longest, label
            )
        breaker.first, breaker.longest = first, longest
        return breaker


def reset_breakers() -> None:
    """Forget every breaker's state (tests; a process that must start afresh)."""
    with _REGISTRY_LOCK:
        _BREAKERS.clear()
