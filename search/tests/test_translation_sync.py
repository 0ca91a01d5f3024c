"""Publishing never depends on Apertium: a project is searchable in its own
language at once; its translations follow, now or once the engine is back."""

import os
import signal
import time

import pytest
from django.core.management import call_command

from machine_translation import service as translation
from machine_translation.tests.test_apertium import needs_apertium
from project_pages.factories import ProjectPageFactory
from search import service
from search.engines.database import DatabaseEngine
from search.models import PendingTranslation
from search.query import parse_query

pytestmark = [pytest.mark.django_db, needs_apertium]


@pytest.fixture(autouse=True)
def _fresh_engine():
    translation.reset(forget=True)
    yield
    translation.reset(forget=True)


@pytest.fixture
def database_only(monkeypatch):
    engine = DatabaseEngine()
    monkeypatch.setattr(service, "configured_engines", lambda: {"database": engine})
    return engine


def found(engine, q: str) -> list[str]:
    return [hit.title for hit in engine.search(parse_query({"q": q})).hits]


def publish(project_index, django_capture_on_commit_callbacks, **fields):
    page = ProjectPageFactory(parent=project_index, live=False, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


TITLE = "Sensors als contenidors de residus"


def test_a_published_project_is_found_in_every_language(
    database_only, project_index, django_capture_on_commit_callbacks
):
    publish(project_index, django_capture_on_commit_callbacks, title=TITLE)
    assert found(database_only, "residus") == [TITLE]
    assert found(database_only, "residuos") == [TITLE]  # Spanish
    assert found(database_only, "waste") == [TITLE]  # English
    assert not PendingTranslation.objects.exists()


def test_without_apertium_the_project_waits_and_repair_completes_it(
    database_only,
    project_index,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
    capsys,
):
    installed = settings.MACHINE_TRANSLATION
    settings.MACHINE_TRANSLATION = {**installed, "APERTIUM_MODES_DIR": str(tmp_path)}
    page = publish(project_index, django_capture_on_commit_callbacks, title=TITLE)
    assert found(database_only, "residus") == [TITLE]  # its own language: at once
    assert found(database_only, "waste") == []
    assert list(PendingTranslation.objects.values_list("key", flat=True)) == [
        str(page.translation_key)
    ]
    call_command("search_index", "check", "--engine", "database")
    out = capsys.readouterr().out
    assert "1 project(s) indexed without all their machine translations" in out
    assert str(page.translation_key) in out

    settings.MACHINE_TRANSLATION = installed  # Apertium is installed
    call_command("search_index", "check", "--engine", "database", "--repair")
    assert "1 project(s) translated, 0 still waiting" in capsys.readouterr().out
    assert found(database_only, "waste") == [TITLE]
    assert not PendingTranslation.objects.exists()


def test_a_hung_apertium_costs_publishing_one_timeout_and_catch_up_finishes(
    database_only, project_index, django_capture_on_commit_callbacks, settings
):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "TIMEOUT": 1.0,
        "RETRY_AFTER": 600,
    }
    translation.translate(["Hola."], "ca", "es")  # the ca-es pipeline is running
    pipeline = translation._engine.pipelines["ca-es"]
    os.killpg(pipeline.process.pid, signal.SIGSTOP)  # and now it hangs

    started = time.monotonic()
    page = publish(project_index, django_capture_on_commit_callbacks, title=TITLE)
    assert time.monotonic() - started < 10  # one timeout, not one per text
    assert found(database_only, "residus") == [TITLE]
    assert PendingTranslation.objects.filter(key=page.translation_key).exists()
    # Within RETRY_AFTER, publishing again never touches the engine.
    started = time.monotonic()
    publish(project_index, django_capture_on_commit_callbacks, title="Una altra")
    assert time.monotonic() - started < 3

    translation.reset()  # the engine is back (the cron's catch-up, later)
    call_command("search_index", "catch-up", "--engine", "database")
    assert found(database_only, "residuos") == [TITLE]
    assert not PendingTranslation.objects.exists()


def test_translations_are_made_once(
    database_only, project_index, django_capture_on_commit_callbacks
):
    from machine_translation.models import MachineTranslation

    publish(project_index, django_capture_on_commit_callbacks, title=TITLE)
    made = MachineTranslation.objects.count()
    assert made
    call_command("search_index", "rebuild", "--engine", "database")
    assert MachineTranslation.objects.count() == made
