"""The whole map (no filter), built once per tree version instead of per request.

Every project file with its marker is several megabytes of JSON (3.8 MB at
10,000 files) that took a second or more of engine and Python time to build: built
on every request, a handful of visitors opening the map kept every worker busy.
The unfiltered map of each language is built by ``build_map_data_task`` (search/
tasks.py) after every change of the page tree (``core.caching.tree_changed``,
search/signals.py) and after each reindex, and written under
``MEDIA_ROOT/map-data/`` together with its gzip version and a small manifest
(tree version, ETag, build time). The map API then sends those bytes as they
are, compressed when the client accepts gzip, with an ``ETag`` and a
``Last-Modified`` (a ``304`` for a client that has them).

A file of an older tree version is still served while its successor is built
(the worker builds it; under the immediate task backend the request that finds
it old builds it at once); only when no file was ever built does a request build
it itself. Files are written under new names and the manifest replaced last
(``os.replace``), so a process never reads half a file; every process of the
server reads the same files.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.http import http_date

from core.caching import tree_version

from . import map_layers
from .map_data import map_items
from .query import LANGUAGES, SearchQuery, parse_query

FOLDER = "map-data"


@dataclasses.dataclass(frozen=True)
class BuiltMap:
    lang: str
    digest: str
    body: bytes
    gzipped: bytes
    etag: str
    last_modified: str
    tree_version: str
    built_at: float


# Per process: the files last read, by language, with the manifest's mtime.
_loaded: dict[str, tuple[int, BuiltMap]] = {}


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def base_query(lang: str) -> SearchQuery:
    return parse_query({"lang": lang})


def is_unfiltered(query: SearchQuery) -> bool:
    """The query is the whole map of its language (page and size do not count)."""
    base = base_query(query.lang)
    return dataclasses.replace(query, page=base.page, page_size=base.page_size) == base


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def build(lang: str) -> BuiltMap:
    """Build the whole map of ``lang`` and make it the one served."""
    version = tree_version()  # read first: a change during the build makes it old
    with translation.override(lang):
        results = map_items(base_query(lang))
        results.items.extend(map_layers.layer_items())
    body = results.content()
    digest = hashlib.sha256(body).hexdigest()[:32]
    gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    _write(target / f"{lang}-{digest}.json", body)
    _write(target / f"{lang}-{digest}.json.gz", gzipped)
    manifest = target / f"{lang}.manifest.json"
    previous = _read_manifest(manifest)
    built_at = time.time()
    _write(
        manifest,
        json.dumps(
            {"digest": digest, "tree_version": version, "built_at": built_at}
        ).encode(),
    )
    keep = {digest, previous.get("digest") if previous else None}
    for old in target.glob(f"{lang}-*.json*"):
        if old.name.split("-", 1)[1].split(".")[0] not in keep:
            old.unlink(missing_ok=True)
    return BuiltMap(
        lang,
        digest,
        body,
        gzipped,
        f'"{digest}"',
        http_date(built_at),
        version,
        built_at,
    )


def build_all(languages: list[str] | None = None) -> int:
    for lang in languages or LANGUAGES:
        build(lang)
    return len(languages or LANGUAGES)


def _read_manifest(path: Path) -> dict | None:
    try:
        return json.loads(path.read_bytes())
    except (FileNotFoundError, ValueError):
        return None


def file_name(built: BuiltMap) -> str:
    """The built JSON's name under ``folder()`` (its ``.gz`` is beside it)."""
    return f"{built.lang}-{built.digest}.json"


def latest(lang: str) -> BuiltMap | None:
    """The last map built for ``lang``, or None; read again only when the
    manifest changed."""
    manifest = folder() / f"{lang}.manifest.json"
    try:
        mtime = manifest.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    loaded = _loaded.get(lang)
    if loaded and loaded[0] == mtime:
        return loaded[1]
    data = _read_manifest(manifest)
    if data is None:
        return None
    digest = data["digest"]
    try:
        body = (folder() / f"{lang}-{digest}.json").read_bytes()
        gzipped = (folder() / f"{lang}-{digest}.json.gz").read_bytes()
    except FileNotFoundError:  # replaced meanwhile: the next request reads it
        return loaded[1] if loaded else None
    built = BuiltMap(
        lang,
        digest,
        body,
        gzipped,
        f'"{digest}"',
        http_date(data["built_at"]),
        data["tree_version"],
        data["built_at"],
    )
    _loaded[lang] = (mtime, built)
    return built


def current(lang: str) -> BuiltMap:
    """The map to serve now: the last one built, asking for a new build when it
    is of an older tree version or too old; built here only if none exists."""
    built = latest(lang)
    if built is None:
        return build(lang)
    version = tree_version()
    max_age = getattr(settings, "OBSERVATORY_MAP_DATA_MAX_AGE", 900)
    old = built.tree_version != version or time.time() - built.built_at > max_age
    # One request per version asks for a build; the others keep serving this one.
    if old and cache.add(
        f"observatory:map-build:{lang}:{version}:{built.etag}", 1, 600
    ):
        from .tasks import build_map_data_task

        build_map_data_task.enqueue([lang])
        built = latest(lang) or built  # built already by the immediate backend
    return built
