"""Rate limits hold across processes when the cache is Redis: what one gunicorn
worker counted, the next one sees.

allauth counts its limits (sign-in failures per address, password resets,
sign-ups) in the default cache; with ``REDIS_URL`` the production settings make
that cache Redis. Two separate Python processes with the production settings
stand for two workers. ``make test`` may export ``REDIS_URL``; otherwise the test
starts its own Redis through scripts/services.sh (skipped when it cannot run,
failed under CI=true). Axes' lockouts and the forms' limits are rows in the
database, shared without any cache (tests/test_login_throttle.py)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
SERVICES = BASE_DIR / "scripts" / "services.sh"

# 10 failed sign-ins a minute per address (ACCOUNT_RATE_LIMITS["login_failed"]).
ATTEMPTS = """
import json, sys, django
django.setup()
from allauth.core import ratelimit
from django.test import RequestFactory
request = RequestFactory().post("/ca/comptes/login/", REMOTE_ADDR=sys.argv[1])
print(json.dumps([
    ratelimit.consume(request, action="login_failed") for _ in range(int(sys.argv[2]))
]))
"""


def _redis_unavailable(reason: str) -> None:
    message = f"Redis could not run: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def redis_url():
    """``REDIS_URL`` when set, else a Redis of this test process's own."""
    url = os.environ.get("REDIS_URL")
    if url:
        yield url
        return
    name = f"pytest-{os.getpid()}"
    try:
        started = subprocess.run(  # noqa: S603 - our own script, fixed args
            [str(SERVICES), "redis", "start", name],
            capture_output=True,
            text=True,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        _redis_unavailable(str(error))
    lines = started.stdout.strip().splitlines()
    if started.returncode != 0 or not lines:
        _redis_unavailable(started.stderr.strip()[-1500:] or "no URL printed")
    try:
        yield lines[-1]
    finally:
        subprocess.run(  # noqa: S603 - our own script, fixed args
            [str(SERVICES), "redis", "stop", name], capture_output=True, timeout=60
        )


def attempts_in_a_new_process(address: str, count: int, **env: str) -> list[bool]:
    """``count`` failed sign-ins from ``address`` in a fresh production process:
    which of them allauth let through."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DATABASE_URL"} and not k.startswith("DJANGO_")
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="observatori.example.org",
        PUBLIC_BASE_URL="https://observatori.example.org",
        **env,
    )
    result = subprocess.run(  # noqa: S603 - this Python, fixed script
        [sys.executable, "-c", ATTEMPTS, address, str(count)],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_processes_share_the_sign_in_limit_through_redis(redis_url):
    # An address of its own: a shared Redis may hold other runs' counters.
    address = "10." + ".".join(str(secrets.randbelow(250) + 1) for _ in range(3))
    first = attempts_in_a_new_process(address, 6, REDIS_URL=redis_url)
    second = attempts_in_a_new_process(address, 6, REDIS_URL=redis_url)
    assert first == [True] * 6
    # The second worker knows about the first one's six: four more, then refused.
    assert second == [True] * 4 + [False] * 2


def test_without_redis_each_process_counts_alone():
    """What REDIS_URL changes: with each process's own memory, the limit is
    per worker (docs/operations.md says so)."""
    first = attempts_in_a_new_process("198.51.100.250", 6)
    second = attempts_in_a_new_process("198.51.100.250", 6)
    assert first == second == [True] * 6
