"""Session-wide guards for the test runs that `make test` (scripts/run-tests.sh) makes.

The PostgreSQL run sets OBSERVATORY_EXPECT_POSTGRES=1. If DATABASE_URL was lost on
the way, the whole suite would silently run on SQLite a second time and report green
for a database it never touched: stop the session instead.
"""

import os

import pytest


def expects_postgres() -> bool:
    return os.environ.get("OBSERVATORY_EXPECT_POSTGRES") == "1"


def pytest_sessionstart(session: pytest.Session) -> None:
    if not expects_postgres():
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(
            "OBSERVATORY_EXPECT_POSTGRES=1 but the database engine is "
            f"{engine!r}: is DATABASE_URL set to the cluster of "
            "'scripts/services.sh postgres start'?",
            returncode=1,
        )
