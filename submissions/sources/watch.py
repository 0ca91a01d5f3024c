"""Choosing the source the command names, and the production loop that survives
its failures.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError

from .base import Source, SourceError
from .imap import IMAP_ERRORS, ImapSource
from .maildir import MaildirSource
from .mbox import MboxSource

logger = logging.getLogger(__name__)


def open_source(spec: dict) -> Source:
    """The source named by the command's options: exactly one of
    ``{"imap": url}``, ``{"maildir": path}``, ``{"mbox": path}`` (an IMAP source
    also takes ``processed_folder`` and ``timeout``)."""
    chosen = [name for name in ("imap", "maildir", "mbox") if spec.get(name)]
    if len(chosen) != 1:
        raise SourceError("name exactly one source: --imap, --maildir or --mbox")
    name = chosen[0]
    if name == "imap":
        options = {
            key: spec[key] for key in ("processed_folder", "timeout") if spec.get(key)
        }
        return ImapSource(spec["imap"], **options)
    if name == "maildir":
        return MaildirSource(spec["maildir"])
    return MboxSource(spec["mbox"])


def _sleep_unless_stopped(seconds: float, stop: threading.Event) -> None:
    # Short naps rather than stop.wait(): a signal handler that sets the event
    # while the main thread waits on it could deadlock on the event's own lock.
    deadline = time.monotonic() + seconds
    while not stop.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        time.sleep(min(remaining, 0.5))


def watch(
    make_source: Callable[[], Source],
    handle: Callable[[Source], None],
    *,
    interval: float = 60,
    max_backoff: float = 300,
    stop: threading.Event | None = None,
    sleep: Callable[[float], Any] | None = None,
    log: logging.Logger = logger,
) -> None:
    """Read the source again and again until ``stop`` is set.

    Each round makes a source, lets ``handle`` process what is there, closes it and
    waits ``interval`` seconds (polling: Python 3.11's imaplib has no IDLE). When
    the source fails (connection dropped, server down, login refused...) the round
    is retried after 1, 2, 4... seconds, at most ``max_backoff``, back to 1 after a
    round that worked. ``sleep`` replaces the wait (tests); by default it ends early
    when ``stop`` is set."""
    stop = stop or threading.Event()
    if sleep is None:

        def sleep(seconds: float) -> None:
            _sleep_unless_stopped(seconds, stop)

    backoff = 1.0
    while not stop.is_set():
        source = None
        try:
            source = make_source()
            handle(source)
        except (SourceError, *IMAP_ERRORS) as error:
            wait = min(backoff, max_backoff)
            log.warning("Mail source failed: %s; trying again in %g s", error, wait)
            backoff = min(backoff * 2, max_backoff)
        except DatabaseError as error:
            # PostgreSQL restarting: messages not recorded stay in the source
            # (they are removed only once recorded) and are read next round.
            wait = min(backoff, max_backoff)
            first_line = (str(error).strip().splitlines() or ["?"])[0]
            log.warning(
                "The database failed: %s; trying again in %g s", first_line, wait
            )
            backoff = min(backoff * 2, max_backoff)
        else:
            wait, backoff = interval, 1.0
        finally:
            if source is not None:
                try:
                    source.close()
                except Exception:  # noqa: BLE001 - closing must not stop the loop
                    log.exception("Closing the mail source failed")
        if stop.is_set():
            break
        sleep(wait)
