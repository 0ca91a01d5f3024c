"""The Apertium pipeline against Apertium's own command line, and its failures.

Apertium is a real component here: under CI it must be installed (the test
script installs it); elsewhere these tests skip when it is missing.
"""

import os
import shutil
import signal
import subprocess
import threading
import time

import pytest

from machine_translation.apertium import (
    ApertiumError,
    Pipeline,
    deformat,
    mode_file,
    reformat,
)

APERTIUM = shutil.which("apertium")
needs_apertium = pytest.mark.skipif(
    not APERTIUM or not mode_file("ca-es").is_file(),
    reason="Apertium with the ca-es pair is not installed",
)
if os.environ.get("CI") == "true":
    needs_apertium = pytest.mark.usefixtures()  # under CI, missing is a failure

TEXTS = {
    "ca": [
        "El padró municipal.",
        "Dades obertes\n\nSegon paràgraf [amb] claus <b> i a/b ^c$ @d {e}",
        "Assistent virtual per als tràmits",
        "Línia 1\nLínia 2\tamb  dos espais",
        "  Comença amb espais i acaba sense punt",
    ],
    "es": ["Padrón municipal", "Asistente virtual para la ciudadanía.\nSegunda"],
    "en": ["Open data portal", "Chatbot for the town hall.\n\nSecond paragraph"],
}


def command_line(pair: str, text: str) -> str:
    source, target = pair.split("-")
    codes = {"ca": "cat", "es": "spa", "en": "eng"}
    return subprocess.run(
        ["apertium", "-u", "-f", "txt", f"{codes[source]}-{codes[target]}"],
        input=text.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()


def test_deformat_and_reformat_round_trip_any_text():
    for text in [*TEXTS["ca"], "", "\\ [x] .[] a.b", "Fi.", "x\n\n\ny"]:
        assert reformat(deformat(text)) == text


@needs_apertium
@pytest.mark.parametrize("pair", ["ca-es", "ca-en", "es-ca", "es-en", "en-ca", "en-es"])
def test_the_pipeline_translates_like_the_apertium_command(pair):
    pipeline = Pipeline(pair)
    try:
        texts = TEXTS[pair[:2]]
        assert pipeline.translate(texts, timeout=30) == [
            command_line(pair, text) for text in texts
        ]
        # The same process goes on translating.
        assert pipeline.translate(texts[:1], timeout=30) == [
            command_line(pair, texts[0])
        ]
    finally:
        pipeline.close()


@needs_apertium
def test_the_pipeline_keeps_order_and_is_fast_for_many_texts():
    pipeline = Pipeline("ca-es")
    texts = [f"El padró número {n} de les dades obertes." for n in range(300)]
    try:
        pipeline.translate(["Escalfa."], timeout=30)
        started = time.monotonic()
        out = pipeline.translate(texts, timeout=30)
        elapsed = time.monotonic() - started
    finally:
        pipeline.close()
    assert out[7] == "El padrón número 7 de los datos abiertos."
    assert out[299] == "El padrón número 299 de los datos abiertos."
    assert elapsed < 10  # one process for all: about 0.3 s here


@needs_apertium
def test_a_hung_pipeline_times_out_and_the_next_call_starts_afresh():
    pipeline = Pipeline("ca-es")
    try:
        pipeline.translate(["Hola."], timeout=30)
        os.killpg(pipeline.process.pid, signal.SIGSTOP)  # hangs, as a stuck engine
        started = time.monotonic()
        with pytest.raises(ApertiumError, match="no answer"):
            pipeline.translate(["El padró."], timeout=1.5)
        assert time.monotonic() - started < 5
        assert pipeline.process is None  # killed
        assert pipeline.translate(["El padró."], timeout=30) == ["El padrón."]
    finally:
        pipeline.close()


@needs_apertium
def test_a_killed_pipeline_fails_fast_and_restarts():
    pipeline = Pipeline("ca-es")
    try:
        pipeline.translate(["Hola."], timeout=30)
        texts = ["Una frase una mica més llarga sobre el padró."] * 3000
        killer = threading.Timer(
            0.05, lambda: os.killpg(pipeline.process.pid, signal.SIGKILL)
        )
        killer.start()
        with pytest.raises(ApertiumError):
            pipeline.translate(texts, timeout=30)
        killer.join()
        assert pipeline.translate(["El padró."], timeout=30) == ["El padrón."]
    finally:
        pipeline.close()
