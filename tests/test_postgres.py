"""The PostgreSQL run of the suite really talks to PostgreSQL.

`make test` runs the suite twice; in its second run it sets DATABASE_URL to a
throwaway cluster and OBSERVATORY_EXPECT_POSTGRES=1. These tests prove that run used
that server, not a silent fallback to SQLite.
"""

import os

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        os.environ.get("OBSERVATORY_EXPECT_POSTGRES") != "1" and not ON_POSTGRESQL,
        reason=(
            "this run uses SQLite; these tests run in the PostgreSQL run of "
            "`make test` (DATABASE_URL of scripts/services.sh and "
            "OBSERVATORY_EXPECT_POSTGRES=1)"
        ),
    ),
    pytest.mark.django_db,
]


def test_database_is_a_supported_postgresql_server():
    assert connection.vendor == "postgresql"
    # Django 5.2 supports PostgreSQL 14 and newer.
    assert connection.pg_version >= 140000, connection.pg_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    assert int(server_version.split(".")[0]) >= 14


def test_connected_to_the_cluster_named_by_database_url():
    expected = dj_database_url.parse(os.environ["DATABASE_URL"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT inet_server_port(), current_database(), "
            "pg_encoding_to_char(encoding) FROM pg_database "
            "WHERE datname = current_database()"
        )
        port, database, encoding = cursor.fetchone()
    assert port == int(expected["PORT"])
    # pytest-django works in a test database beside the one the URL names, one
    # per pytest-xdist process (test_observatory_gw0, _gw1...).
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    suffix = f"_{worker}" if worker else ""
    assert database == f"test_{expected['NAME']}{suffix}"
    # Catalan and Spanish names must survive: the cluster is UTF-8.
    assert encoding == "UTF8"


def test_text_round_trips_accents_through_postgresql():
    from project_pages.models import Entity

    entity = Entity.objects.create(name="Ajuntament de l'Hospitalet de Llobregat · Ñ")
    entity.refresh_from_db()
    assert entity.name == "Ajuntament de l'Hospitalet de Llobregat · Ñ"
    assert Entity.objects.filter(name__icontains="hospitalet").count() == 1
