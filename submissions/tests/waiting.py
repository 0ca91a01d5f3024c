"""Waiting for another process or thread without a fixed sleep.

A fixed sleep is either too long on a fast machine or too short on a slow CI
runner; polling a condition up to a deadline is as fast as the machine allows and
as patient as the deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(
    condition: Callable[[], object], timeout: float = 30, interval: float = 0.05
) -> bool:
    """Poll ``condition`` until it is true (then True) or ``timeout`` seconds have
    passed (then False, after one last try), so the caller asserts with its own
    message."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return bool(condition())
        time.sleep(interval)
