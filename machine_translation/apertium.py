"""Apertium as a persistent pipeline: one process chain per language pair, kept
loaded, fed many texts.

``apertium -u cat-spa`` costs about 0.15 s per call, nearly all of it loading the
pair's transducers. Here each pair's chain of programs (read from the pair's
``.mode`` file, as Apertium's own ``apertium`` script and its HTTP service APy do)
is started once in *null-flush* mode (``-z`` on every program): a text written to
it and ended by a NUL character comes back translated and ended by a NUL, so one
chain translates any number of texts, one after the other, without restarting.

The chain reads Apertium's stream format, not plain text. ``deformat`` does what
``apertium-destxt`` does (escape the stream's special characters, keep line
breaks and runs of spaces as "superblanks" that pass through untouched, and mark
paragraph ends as sentence ends so that a sentence never runs across them), and
``reformat`` what ``apertium-retxt`` does on the way back. Tested against the
``apertium -f txt`` command on the same texts.

A text that does not come back before the deadline (a hung or killed process)
raises ``ApertiumError``; the chain is then killed and started afresh on the
next call.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import select
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

# Our language codes → Apertium's.
APERTIUM_CODES = {"ca": "cat", "es": "spa", "en": "eng"}
DEFAULT_MODES_DIR = "/usr/share/apertium/modes"

# Characters of Apertium's stream format, escaped with a backslash in text.
_SPECIAL = re.compile(r"([\\\[\]^$@/<>{}])")
# Anything but one plain space between words is kept as a superblank.
_BLANKS = re.compile(r"\s+")
# In the chain's output: an escaped character, a superblank, or the sentence end
# ``deformat`` added (".[]").
_OUTPUT_TOKEN = re.compile(r"\\(.)|\.\[\]|\[((?:[^\]\\]|\\.)*)\]", re.DOTALL)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


class ApertiumError(RuntimeError):
    """The pipeline is missing, died, or did not answer in time."""


def deformat(text: str) -> str:
    """Plain text → Apertium stream (what ``apertium-destxt`` does)."""
    escaped = _SPECIAL.sub(r"\\\1", text.replace("\x00", ""))

    def blank(match: re.Match) -> str:
        blanks = match.group()
        if blanks == " ":
            return blanks
        if blanks.count("\n") >= 2:
            # A paragraph ends: a sentence end keeps the next paragraph apart.
            return f".[][{blanks}]"
        return f"[{blanks}]"

    return _BLANKS.sub(blank, escaped) + ".[]"


def reformat(stream: str) -> str:
    """Apertium stream → plain text (what ``apertium-retxt`` does)."""

    def token(match: re.Match) -> str:
        if match.group(1) is not None:
            return match.group(1)
        if match.group(2) is not None:
            return _UNESCAPE.sub(r"\1", match.group(2))
        return ""  # the ".[]" sentence end that deformat added

    return _OUTPUT_TOKEN.sub(token, stream)


def mode_file(pair: str, modes_dir: str = DEFAULT_MODES_DIR) -> Path:
    """The ``.mode`` file of a pair of our codes, e.g. ``ca-es`` → cat-spa.mode."""
    source, target = pair.split("-")
    return Path(modes_dir) / f"{APERTIUM_CODES[source]}-{APERTIUM_CODES[target]}.mode"


def pipeline_command(mode: Path) -> str:
    """The mode's chain of programs with ``-z`` (flush on NUL) on each, as a shell
    pipeline. ``$1`` is the generator's option: ``-n``, no marks on unknown words
    (``apertium -u``); ``$2`` the tagger's extra option: none."""
    programs = [part.strip() for part in mode.read_text().strip().split("|")]
    chain = []
    for program in programs:
        name, _, arguments = program.partition(" ")
        chain.append(f"{shlex.quote(name)} -z {arguments}".strip())
    return " | ".join(chain).replace("$1", "-n").replace("$2", "")


class Pipeline:
    """One pair's running chain. Not thread-safe: ``Translator`` holds a lock."""

    def __init__(self, pair: str, modes_dir: str = DEFAULT_MODES_DIR):
        self.pair = pair
        self.command = pipeline_command(mode_file(pair, modes_dir))
        self.process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                ["/bin/bash", "-c", self.command],  # noqa: S607
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: killed as one
            )
        return self.process

    def close(self) -> None:
        """Kill the whole chain (every program of the pipeline)."""
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL was sent
            logger.warning("Apertium %s did not exit after SIGKILL", self.pair)

    def translate(self, texts: Sequence[str], timeout: float) -> list[str]:
        """Translations of ``texts``, in order. Written by a thread while this one
        reads, so the chain's programs all work at once; the whole batch must be
        back within ``timeout`` seconds."""
        if not texts:
            return []
        process = self._start()
        payload = b"".join(deformat(text).encode() + b"\x00" for text in texts)
        failure: list[BaseException] = []

        def write() -> None:
            try:
                process.stdin.write(payload)
                process.stdin.flush()
            except (BrokenPipeError, ValueError, OSError) as error:
                failure.append(error)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        deadline = time.monotonic() + timeout
        fd = process.stdout.fileno()
        received = bytearray()
        outputs: list[bytes] = []
        try:
            while len(outputs) < len(texts):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ApertiumError(
                        f"Apertium {self.pair}: no answer in {timeout:.0f} s "
                        f"({len(outputs)} of {len(texts)} texts back)"
                    )
                ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
                if not ready:
                    if process.poll() is not None:
                        raise ApertiumError(
                            f"Apertium {self.pair} stopped (exit {process.returncode})"
                        )
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise ApertiumError(f"Apertium {self.pair} closed its output")
                received += chunk
                *done, rest = bytes(received).split(b"\x00")
                outputs += done
                received = bytearray(rest)
        except BaseException:
            self.close()
            raise
        writer.join(timeout=1)
        if failure:  # pragma: no cover - every text came back, yet the write failed
            self.close()
            raise ApertiumError(f"Apertium {self.pair}: {failure[0]}")
        return [reformat(output.decode("utf-8", "replace")) for output in outputs]
