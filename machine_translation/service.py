"""The one place that translates: kept translations first, Apertium for the rest.

Callers hand over many texts at once (``translate``): those translated before
come from the database in one query per pair, the others go through the pair's
persistent Apertium pipeline in batches (apertium.py), and are kept, so a text is
translated once per language pair, whoever asks again.

Translation never blocks what the site must do: when Apertium is not installed
(a laptop without it) the texts simply come back untranslated (absent from the
result), logged once, and ``manage.py check`` warns; when it fails or does not
answer in time, the pipeline is killed, the failure logged, and for
``RETRY_AFTER`` seconds no text is sent to it (callers get what is kept), so a
hung engine costs one timeout, not one per request.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from .apertium import DEFAULT_MODES_DIR, ApertiumError, Pipeline, mode_file

logger = logging.getLogger(__name__)

LANGUAGES = ("ca", "es", "en")
PAIRS = tuple(f"{s}-{t}" for s in LANGUAGES for t in LANGUAGES if s != t)
# One batch sent to a pipeline: at most this many texts and characters, and the
# time it may take: a base plus a rate far below Apertium's (thousands of words
# per second on one core).
BATCH_TEXTS = 500
BATCH_CHARS = 200_000
CHARS_PER_SECOND = 5_000
LOOKUP_CHUNK = 500


def _options() -> dict:
    return {
        "ENABLED": True,
        "APERTIUM_MODES_DIR": DEFAULT_MODES_DIR,
        "TIMEOUT": 10.0,
        "RETRY_AFTER": 60.0,
        **getattr(settings, "MACHINE_TRANSLATION", {}),
    }


def enabled() -> bool:
    """Whether content is to be machine-translated here (settings)."""
    return bool(_options()["ENABLED"])


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EngineStatus:
    enabled: bool
    missing_pairs: tuple[str, ...]

    @property
    def usable(self) -> bool:
        return self.enabled and len(self.missing_pairs) < len(PAIRS)


def engine_status() -> EngineStatus:
    """Whether translation is enabled and which pairs Apertium lacks here."""
    options = _options()
    missing = tuple(
        pair
        for pair in PAIRS
        if not mode_file(pair, options["APERTIUM_MODES_DIR"]).is_file()
    )
    return EngineStatus(enabled=bool(options["ENABLED"]), missing_pairs=missing)


class _Engine:
    """The process' pipelines, one per pair, started on first use."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pipelines: dict[str, Pipeline] = {}
        self.down_until = 0.0
        self.reported_missing: set[str] = set()

    def usable(self, pair: str) -> bool:
        options = _options()
        if not options["ENABLED"]:
            return False
        if not mode_file(pair, options["APERTIUM_MODES_DIR"]).is_file():
            if pair not in self.reported_missing:
                self.reported_missing.add(pair)
                logger.warning(
                    "Apertium has no %s pair here: texts stay untranslated, "
                    "search works without cross-language matching "
                    "(apt-get install apertium apertium-spa-cat apertium-eng-cat "
                    "apertium-eng-spa)",
                    pair,
                )
            return False
        return time.monotonic() >= self.down_until

    def translate(self, pair: str, texts: list[str]) -> list[str]:
        options = _options()
        with self.lock:
            pipeline = self.pipelines.get(pair)
            if pipeline is None:
                pipeline = Pipeline(pair, options["APERTIUM_MODES_DIR"])
                self.pipelines[pair] = pipeline
            timeout = float(options["TIMEOUT"]) + sum(map(len, texts)) / (
                CHARS_PER_SECOND
            )
            try:
                return pipeline.translate(texts, timeout=timeout)
            except (ApertiumError, OSError) as error:
                self.down_until = time.monotonic() + float(options["RETRY_AFTER"])
                logger.warning(
                    "Machine translation failed (%s); texts stay untranslated "
                    "for %d s, then Apertium is tried again",
                    error,
                    options["RETRY_AFTER"],
                )
                raise TranslationFailed(str(error)) from error

    def close(self) -> None:
        with self.lock:
            for pipeline in self.pipelines.values():
                pipeline.close()
            self.pipelines.clear()
            self.down_until = 0.0


class TranslationFailed(RuntimeError):
    """Apertium failed or did not answer in time."""


_engine = _Engine()


def reset(forget: bool = False) -> None:
    """Stop the pipelines and forget a failure (tests; after an upgrade);
    ``forget``: also what this process remembers of the kept translations."""
    _engine.close()
    if forget:
        _memory.clear()
        _engine.reported_missing.clear()


def _batches(texts: list[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= BATCH_TEXTS or size + len(text) > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


# The translations this process read or made, so that a batch repeating a text (a
# rebuild: many projects share a barrier) reads it once: (hash, pair) → text.
MEMORY_SIZE = 20_000
_memory: OrderedDict[tuple[str, str], str] = OrderedDict()


def _remember(digest: str, pair: str, translation: str) -> None:
    _memory[(digest, pair)] = translation
    _memory.move_to_end((digest, pair))
    while len(_memory) > MEMORY_SIZE:
        _memory.popitem(last=False)


def kept(texts: Iterable[str], source: str, target: str) -> dict[str, str]:
    """The kept translations of ``texts`` (no engine call)."""
    from .models import MachineTranslation

    pair = f"{source}-{target}"
    by_hash = {text_hash(text): text for text in set(texts) if text.strip()}
    found: dict[str, str] = {}
    for digest in list(by_hash):
        remembered = _memory.get((digest, pair))
        if remembered is not None:
            found[by_hash.pop(digest)] = remembered
    hashes = list(by_hash)
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        rows = MachineTranslation.objects.filter(
            pair=pair, source_hash__in=hashes[start : start + LOOKUP_CHUNK]
        ).values_list("source_hash", "translation")
        for digest, translation in rows:
            found[by_hash[digest]] = translation
            _remember(digest, pair, translation)
    return found


def translate(
    texts: Iterable[str], source: str, target: str, *, use_engine: bool = True
) -> dict[str, str]:
    """{text: translation} for each text kept or translated now. A text missing
    from the result could not be translated now (no engine, a failure, or
    ``use_engine=False``); empty texts are never translated."""
    from .models import MachineTranslation

    texts = [text for text in dict.fromkeys(texts) if text.strip()]
    if source == target:
        return {text: text for text in texts}
    pair = f"{source}-{target}"
    if pair not in PAIRS:
        raise ValueError(f"Unknown language pair: {pair}")
    found = kept(texts, source, target)
    missing = [text for text in texts if text not in found]
    if not missing or not use_engine or not _engine.usable(pair):
        return found
    for batch in _batches(missing):
        try:
            translated = _engine.translate(pair, batch)
        except TranslationFailed:
            break
        rows = [
            MachineTranslation(
                source_hash=text_hash(text), pair=pair, translation=translation
            )
            for text, translation in zip(batch, translated, strict=True)
        ]
        MachineTranslation.objects.bulk_create(
            rows, ignore_conflicts=True, batch_size=LOOKUP_CHUNK
        )
        for row in rows:
            _remember(row.source_hash, pair, row.translation)
        found.update(zip(batch, translated, strict=True))
    return found
