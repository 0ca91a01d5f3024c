"""Translations are made once, kept, and never block when Apertium cannot help."""

import logging
import os
import signal

import pytest
from django.core.management import call_command

from machine_translation import service
from machine_translation.models import MachineTranslation

from .test_apertium import needs_apertium

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_engine():
    service.reset(forget=True)
    yield
    service.reset(forget=True)


@needs_apertium
def test_a_text_is_translated_once_and_kept(django_assert_max_num_queries):
    first = service.translate(["El padró municipal.", "Dades obertes"], "ca", "es")
    assert first == {
        "El padró municipal.": "El padrón municipal.",
        "Dades obertes": "Datos abiertos",
    }
    assert MachineTranslation.objects.filter(pair="ca-es").count() == 2
    service.reset(forget=True)  # what follows can only come from the database
    with django_assert_max_num_queries(1):
        again = service.translate(["Dades obertes"], "ca", "es", use_engine=False)
    assert again == {"Dades obertes": "Datos abiertos"}


@needs_apertium
def test_every_pair_and_the_same_language():
    assert service.translate(["Gent gran"], "ca", "ca") == {"Gent gran": "Gent gran"}
    for pair in service.PAIRS:
        source, target = pair.split("-")
        out = service.translate(["Portal"], source, target)
        assert set(out) == {"Portal"}


def test_without_the_engine_only_kept_translations_come_back():
    MachineTranslation.objects.create(
        source_hash=service.text_hash("Hola"), pair="ca-en", translation="Hello"
    )
    out = service.translate(["Hola", "Adéu", " "], "ca", "en", use_engine=False)
    assert out == {"Hola": "Hello"}


def test_absent_apertium_is_logged_once_and_nothing_is_translated(
    settings, tmp_path, caplog
):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "APERTIUM_MODES_DIR": str(tmp_path),
    }
    with caplog.at_level(logging.WARNING, logger="machine_translation.service"):
        assert service.translate(["El padró"], "ca", "es") == {}
        assert service.translate(["Les dades"], "ca", "es") == {}
    assert len([r for r in caplog.records if "no ca-es pair" in r.getMessage()]) == 1
    assert not MachineTranslation.objects.exists()


def test_manage_py_check_warns_when_apertium_is_missing(settings, tmp_path, capsys):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "APERTIUM_MODES_DIR": str(tmp_path),
    }
    call_command("check")
    assert "machine_translation.W001" in capsys.readouterr().err


@needs_apertium
def test_a_hung_engine_costs_one_timeout_then_is_left_alone(settings, caplog):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "TIMEOUT": 1.0,
        "RETRY_AFTER": 600,
    }
    service.translate(["Hola."], "ca", "es")
    pipeline = service._engine.pipelines["ca-es"]
    os.killpg(pipeline.process.pid, signal.SIGSTOP)
    with caplog.at_level(logging.WARNING, logger="machine_translation.service"):
        assert service.translate(["El padró."], "ca", "es") == {}
        # Within RETRY_AFTER: no second wait on the engine, kept texts still come.
        assert service.translate(["El padró.", "Hola."], "ca", "es") == {
            "Hola.": "Hola."
        }
    assert len([r for r in caplog.records if "failed" in r.getMessage()]) == 1
    service._engine.down_until = 0  # the outage is over
    assert service.translate(["El padró."], "ca", "es") == {"El padró.": "El padrón."}
