"""Search benchmark: rebuild times (the first one with the machine
translations made, then with them kept), and median/p95 of the search API and page
on each engine, against a baseline that computes the facets the stock way.

    DATABASE_URL=postgresql://... ELASTICSEARCH_URL=http://127.0.0.1:PORT \\
        .venv/bin/python benchmarks/search_bench.py --count 10000 --repeat 200

Migrates the database named by DATABASE_URL (settings ``benchmarks.settings``: the
test settings plus the benchmark-only ``benchmarks/baseline`` app), loads ``--count``
demo project files unless they are there already, then:

1. times ``search_index rebuild`` (our code path, ``search.service.rebuild``) of
   every configured engine (the database engine, and Elasticsearch when
   ELASTICSEARCH_URL is set), twice: first with no machine translation kept (they
   are deleted first, unless ``--keep-translations``), so the first engine's
   rebuild makes them with Apertium (pieces, characters and Apertium's own time
   are counted), then again with every translation kept; each rebuild starts as
   a fresh process would (no translation remembered in memory, pipelines
   stopped);
2. fills the baseline tables from our ``ProjectDocument``s (one row per project,
   the terms of its three languages) and indexes them with Wagtail's stock search
   backends (modelsearch: the database backend, and its Elasticsearch 8 backend
   on the same node, in its own index);
3. picks 20 query combinations per scenario from the indexed data (words and filter
   values that match a good share of the projects; none with zero hits):
   (a) text + 3 filters (area, phase, size), (b) filters only (area, type, size),
   (c) near + within + sort=distance;
4. per engine and scenario, makes ``--warmup`` untimed requests (one per
   combination: they also check that the baseline finds the same counts) and then
   ``--repeat`` timed requests, cycling over the combinations, through Django's test
   client in-process (from the request entering Django to the response leaving it):
   our API ``/api/v1/projects/search/``, for (a) also the page ``/ca/cerca/``, and
   the baseline's API ``/bench/baseline/<engine>/`` interleaved request by request,
   so that both see the same load on a shared machine.

The engine is chosen the way the site chooses it: Elasticsearch when the
ELASTICSEARCH_URL setting is set, the database otherwise (``override_settings``).
Prints a table and writes JSON and Markdown results to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"
# Goals: at least this many times faster than the baseline; a rebuild of 100,000
# project files within this many seconds (scaled to the size measured).
GOAL_RATIO = 3.0
GOAL_REBUILD_S = 300.0
# Goals: p95 of the API in every scenario, by number of project files.
GOAL_DATABASE_P95_MS = {10_000: 50.0, 100_000: 200.0}
GOAL_ES_P95_MS = {100_000: 20.0}
COMBOS = 20
SCENARIOS = {
    "a": "text + 3 filters",
    "b": "filters only",
    "c": "near + within + sort=distance",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="Project files.")
    parser.add_argument(
        "--repeat", type=int, default=200, help="Timed requests per row (200)."
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=COMBOS,
        help=f"Untimed requests per row first ({COMBOS}: each combination once).",
    )
    parser.add_argument("--settings", default="benchmarks.settings")
    parser.add_argument(
        "--no-rebuild",
        action="store_true",
        help="Reuse the indices of a previous run (trial runs only).",
    )
    parser.add_argument(
        "--keep-translations",
        action="store_true",
        help="Do not delete the kept machine translations before the first rebuild "
        "(its time then no longer includes translating).",
    )
    parser.add_argument(
        "--allow-sqlite",
        action="store_true",
        help="Run on SQLite too (figures are then not official).",
    )
    parser.add_argument("--name", default="", help="Suffix of the result files.")
    parser.add_argument(
        "--engines",
        default="elasticsearch,database",
        help="Engines to measure, comma-separated (default: both).",
    )
    parser.add_argument(
        "--keep-request-cache",
        action="store_true",
        help="Do not clear Elasticsearch's shard request cache before each timed "
        "request (by default it is cleared, untimed: 20 combinations cycled would "
        "otherwise answer the baseline's size-0 facet requests from that cache, "
        "which varied real queries do not).",
    )
    return parser.parse_args()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile, the same as the page benchmark's."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from page_render import percentile as nearest_rank

    return nearest_rank(values, share)


def prepare(count: int) -> None:
    from django.core.management import call_command

    from project_pages.models import ProjectPage

    call_command("migrate", verbosity=0, interactive=False)
    have = ProjectPage.objects.values("translation_key").distinct().count()
    if have >= count:
        print(f"Reusing the {have} project files in the database.")
        return
    started = time.monotonic()
    call_command(
        "load_demo_data",
        count=count,
        bulk=count > 100,
        no_progress=not sys.stderr.isatty(),
    )
    print(f"Loaded {count} project files in {time.monotonic() - started:.1f} s.")


def timed(action) -> tuple[float, object]:
    started = time.monotonic()
    value = action()
    return time.monotonic() - started, value


class TranslationMeter:
    """Counts what Apertium is asked to translate, and how long it takes, by
    wrapping the translation service's engine for the benchmark's process."""

    def __init__(self):
        from machine_translation import service

        self.totals: dict[str, dict] = {}
        engine = service._engine
        original = engine.translate

        def translate(pair: str, texts: list[str]) -> list[str]:
            started = time.monotonic()
            try:
                return original(pair, texts)
            finally:
                row = self.totals.setdefault(
                    pair, {"pieces": 0, "characters": 0, "seconds": 0.0}
                )
                row["pieces"] += len(texts)
                row["characters"] += sum(map(len, texts))
                row["seconds"] += time.monotonic() - started

        engine.translate = translate

    def take(self) -> dict[str, dict]:
        totals, self.totals = self.totals, {}
        return totals


def kept_translations() -> dict[str, int]:
    from django.db.models import Count

    from machine_translation.models import MachineTranslation

    return dict(
        MachineTranslation.objects.values_list("pair")
        .annotate(n=Count("pk"))
        .order_by("pair")
    )


def rebuild_once(name: str, meter: TranslationMeter) -> dict:
    """One ``search_index rebuild --engine NAME``, as from a fresh process."""
    from io import StringIO

    from django.core.management import call_command

    from machine_translation import service as translation

    translation.reset(forget=True)
    before = kept_translations()
    out = StringIO()
    seconds, _ = timed(
        lambda: call_command(
            "search_index", "rebuild", engine=[name], verbosity=0, stdout=out
        )
    )
    found = re.search(r"indexed (\d+) documents", out.getvalue())
    documents = int(found.group(1)) if found else None
    after = kept_translations()
    made = {pair: after.get(pair, 0) - before.get(pair, 0) for pair in after}
    made = {pair: n for pair, n in made.items() if n}
    apertium = meter.take()
    row = {
        "seconds": round(seconds, 1),
        "documents": documents,
        "documents_per_second": round(documents / seconds, 1) if documents else None,
        "translations_made": sum(made.values()),
        "translations_made_by_pair": made,
        "translations_kept_after": sum(after.values()),
    }
    if apertium:
        pieces = sum(r["pieces"] for r in apertium.values())
        characters = sum(r["characters"] for r in apertium.values())
        busy = sum(r["seconds"] for r in apertium.values())
        row["apertium"] = {
            "pieces": pieces,
            "characters": characters,
            "seconds": round(busy, 1),
            "pieces_per_second": round(pieces / busy, 1) if busy else None,
            "characters_per_second": round(characters / busy) if busy else None,
            "by_pair": {
                pair: {**r, "seconds": round(r["seconds"], 2)}
                for pair, r in sorted(apertium.items())
            },
        }
    print(
        f"Rebuilt {name} in {seconds:.1f} s: {documents} documents "
        f"({row['documents_per_second']}/s), {row['translations_made']} machine "
        f"translations made"
        + (
            f" (Apertium busy {row['apertium']['seconds']} s for "
            f"{row['apertium']['pieces']} pieces, "
            f"{row['apertium']['characters']} characters)"
            if apertium
            else ""
        )
        + "."
    )
    return row


def rebuild_all(with_baseline: bool, keep_translations: bool) -> dict:
    """Wall-clock time of each full rebuild: ours with the translations made, ours
    again with them kept, then the baseline's."""
    from benchmarks.baseline import build
    from machine_translation.models import MachineTranslation
    from search.engines import configured_engines

    rebuilds = {}
    meter = TranslationMeter()
    if not keep_translations:
        deleted, _ = MachineTranslation.objects.all().delete()
        print(f"Deleted {deleted} kept machine translations (the first rebuild makes")
        print("them again with Apertium).")
    for round_name in ("first", "second"):
        for name in configured_engines():
            rebuilds[f"{name} ({round_name})"] = {
                "engine": name,
                "round": round_name,
                **rebuild_once(name, meter),
            }
    if with_baseline:
        seconds, rows = timed(build.fill)
        rebuilds["baseline rows"] = {"seconds": round(seconds, 1), "rows": rows}
        print(f"Baseline: {rows} rows in {seconds:.1f} s.")
        for engine, backend_name in BASELINE_BACKENDS().items():
            seconds, _ = timed(lambda b=backend_name: build.index(b))
            rebuilds[f"baseline {engine}"] = {"seconds": round(seconds, 1)}
            print(f"Baseline: indexed in {backend_name} in {seconds:.1f} s.")
    return rebuilds


def BASELINE_BACKENDS() -> dict[str, str]:  # noqa: N802 (a constant, once set up)
    from django.conf import settings

    from benchmarks.baseline.views import BACKENDS

    return {
        engine: name
        for engine, name in BACKENDS.items()
        if name in settings.WAGTAILSEARCH_BACKENDS
    }


# Query combinations ----------------------------------------------------------------


def candidate_words() -> list[str]:
    """Words of the demo texts (project_pages/demo_data/*.json, but the places and
    entities), 5+ letters."""
    from project_pages import demo_texts
    from search.analysis import words

    found: dict[str, None] = {}
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(demo_texts.DATA.glob("*.json"))
        if path.name not in ("places.json", "entities.json")
    )
    for literal in re.findall(r'"([^"\\]*(?:\\.[^"\\]*)*)"', source):
        for word in words(literal):
            if len(word) >= 5 and word.isalpha():
                found.setdefault(word.lower(), None)
    return list(found)


def popular(facet: str, limit: int) -> list[str]:
    """The facet's most used values, counted over ``SearchDocument.facets`` (its
    "facet:value" strings), most projects first."""
    from collections import Counter

    from search.models import SearchDocument

    prefix = f"{facet}:"
    counts = Counter(
        value[len(prefix) :]
        for values in SearchDocument.objects.values_list("facets", flat=True).iterator(
            chunk_size=5000
        )
        for value in values
        if value.startswith(prefix)
    )
    return [
        value
        for value, _n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))[:limit]
    ]


def pick_combinations() -> dict[str, list[dict]]:
    """20 query-string dicts per scenario, none with zero hits (checked on the
    database engine without its typo tolerance, which the validation then
    compares with every other)."""
    from django.db.models import Count

    from search.analysis import analyze_query
    from search.engines.database import DatabaseEngine
    from search.models import SearchDocument, SearchPoint
    from search.query import parse_query

    engine = DatabaseEngine()
    total = SearchDocument.objects.count()
    rng = random.Random(3)

    # Hits of the words as typed: a combination that finds nothing would be
    # searched again with typo tolerance (a second statement, close terms the
    # stock baseline does not have), which is not the scenario measured here.
    exact = getattr(engine, "_search", engine.search)

    def hits(params: dict) -> int:
        return exact(parse_query(_querydict(params))).count

    # Words found in 5-50 % of the projects: common enough for filters to leave
    # hits. Counted with the engine itself (whatever its storage), on a sample.
    scored = []
    candidates = [w for w in candidate_words() if len(analyze_query(w)) == 1]
    for word in random.Random(1).sample(candidates, min(80, len(candidates))):
        df = hits({"q": word, "page_size": "1"})
        if 0.05 * total <= df <= 0.5 * total:
            scored.append((word, df))
    scored.sort(key=lambda item: (-item[1], item[0]))
    chosen_words = [word for word, _df in scored[:40]]
    areas, types = popular("area", 8), popular("type", 6)
    phases, sizes = popular("phase", 3), popular("size", 4)

    def first_with_hits(candidates, limit=COMBOS) -> list[dict]:
        candidates = list(candidates)
        rng.shuffle(candidates)
        chosen = []
        for params in candidates:
            if hits(params) > 0:
                chosen.append(params)
                if len(chosen) == limit:
                    break
        return chosen

    text = first_with_hits(
        {"q": w, "area": a, "phase": p, "size": s}
        for w, a, p, s in itertools.product(chosen_words, areas, phases, sizes)
    )
    filters = first_with_hits(
        {"area": a, "type": t, "size": s}
        for a, t, s in itertools.product(areas, types, sizes)
    )
    places = list(
        SearchPoint.objects.values_list("lat", "lon")
        .annotate(n=Count("document_id"))
        .order_by("-n", "lat", "lon")[: COMBOS * 2]
    )
    near = first_with_hits(
        {
            "near": f"{lat:.4f},{lon:.4f}",
            "within": radius,
            "sort": "distance",
        }
        for (lat, lon, _n), radius in zip(
            places, itertools.cycle(["25", "50"]), strict=False
        )
    )
    return {"a": text, "b": filters, "c": near}


def _querydict(params: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    return data


# Measuring -------------------------------------------------------------------------


def get(client, url: str, expect_backend: str | None) -> tuple[float, dict | None]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    if expect_backend is None:
        return elapsed, None
    data = json.loads(response.content)
    if data["backend"] != expect_backend:
        raise SystemExit(f"{url}: answered by {data['backend']}, not {expect_backend}")
    return elapsed, data


def compare(ours: dict, baseline: dict, label: str, ranked: bool) -> list[str]:
    """Differences in count and facet counts (values both list: the stock
    Elasticsearch facet returns the 10 largest buckets only)."""
    problems = []
    if ours["count"] != baseline["count"]:
        problems.append(f"{label}: count {ours['count']} vs {baseline['count']}")
    for facet, values in ours["facets"].items():
        mine = {v["value"]: v["count"] for v in values}
        theirs = {v["value"]: v["count"] for v in baseline["facets"][facet]}
        for value in set(mine) & set(theirs):
            if mine[value] != theirs[value]:
                problems.append(
                    f"{label}: {facet}={value} {mine[value]} vs {theirs[value]}"
                )
    ids = [hit["id"] for hit in ours["results"]]
    if ids != [hit["id"] for hit in baseline["results"]] and not ranked:
        # Relevance order may differ (BM25 vs ts_rank); date/distance order not.
        problems.append(f"{label}: first page differs")
    return problems


def summary(times: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
    }


def _request_cache_clearer(engine: str, args):
    """Untimed, before each timed request: empty Elasticsearch's shard request
    cache (every index: ours and the baseline's), so that each request costs what
    a query not seen before costs, for both sides alike."""
    from django.conf import settings

    if engine != "elasticsearch" or args.keep_request_cache:
        return lambda: None
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)

    def forget() -> None:
        client.indices.clear_cache(request=True)

    return forget


def measure_engine(client, engine: str, combos: dict, args) -> tuple[dict, list]:
    """Rows of one engine: every scenario, ours and the baseline interleaved."""
    rows: dict[str, dict] = {}
    warnings: list[str] = []
    has_baseline = engine in BASELINE_BACKENDS()
    for key, params_list in combos.items():
        urls = {
            "API": [f"/api/v1/projects/search/?{urlencode(p)}" for p in params_list]
        }
        if key == "a":
            urls["page /ca/cerca/"] = [
                f"/ca/cerca/?{urlencode(p)}" for p in params_list
            ]
        if has_baseline:
            urls["baseline API"] = [
                f"/bench/baseline/{engine}/?{urlencode(p)}" for p in params_list
            ]
        hit_counts = []
        # Warm-up: every combination once per row, checking the answers.
        for index in range(max(args.warmup, len(params_list))):
            combo = index % len(params_list)
            _t, ours = get(client, urls["API"][combo], engine)
            if index < len(params_list):
                hit_counts.append(ours["count"])
            if "page /ca/cerca/" in urls:
                get(client, urls["page /ca/cerca/"][combo], None)
            if has_baseline:
                _t, theirs = get(
                    client, urls["baseline API"][combo], f"baseline-{engine}"
                )
                if index < len(params_list):
                    label = f"{engine} {key} {urlencode(params_list[combo])}"
                    warnings += compare(ours, theirs, label, ranked=key == "a")
        times: dict[str, list[float]] = {name: [] for name in urls}
        # Per combination too, to tell which ones are slow (benchmarks/
        # search_explain.py explains the slowest).
        by_combo: dict[str, list[list[float]]] = {
            name: [[] for _p in params_list] for name in urls
        }
        forget = _request_cache_clearer(engine, args)
        for index in range(args.repeat):
            combo = index % len(params_list)
            for name, row_urls in urls.items():
                forget()
                elapsed, _data = get(client, row_urls[combo], None)
                times[name].append(elapsed)
                by_combo[name][combo].append(elapsed)
        for name, values in times.items():
            row = summary(values)
            rows[f"{key} {name}"] = {
                "scenario": SCENARIOS[key],
                "what": name,
                **row,
                "median_ms_by_combination": [
                    round(statistics.median(v), 2) if v else None
                    for v in by_combo[name]
                ],
            }
            print(
                f"{engine:13} {SCENARIOS[key]:30} {name:16} median "
                f"{row['median_ms']:8.2f} ms  p95 {row['p95_ms']:8.2f} ms"
            )
        rows[f"{key} API"]["hits"] = {
            "min": min(hit_counts),
            "median": statistics.median(hit_counts),
            "max": max(hit_counts),
        }
        rows[f"{key} API"]["hits_by_combination"] = hit_counts
        if has_baseline:
            ours, theirs = rows[f"{key} API"], rows[f"{key} baseline API"]
            ours["ratio_median"] = round(theirs["median_ms"] / ours["median_ms"], 2)
            ours["ratio_p95"] = round(theirs["p95_ms"] / ours["p95_ms"], 2)
    return rows, warnings


def versions() -> dict:
    from importlib.metadata import version

    from django.conf import settings
    from django.db import connection

    found = {
        "postgresql": connection.cursor().connection.info.server_version
        if connection.vendor == "postgresql"
        else None,
        "django": version("django"),
        "wagtail": version("wagtail"),
        "modelsearch": version("modelsearch"),
        "elasticsearch-py": version("elasticsearch"),
    }
    if settings.ELASTICSEARCH_URL:
        from search.engines.elasticsearch import _client

        client = _client(settings.ELASTICSEARCH_URL, 30.0)
        # Node info (GET / is not served by the integ-test distribution).
        nodes = client.nodes.info(metric="jvm")["nodes"].values()
        found["elasticsearch"] = sorted({n["version"] for n in nodes})
        found["elasticsearch_heap_mb"] = [
            n["jvm"]["mem"]["heap_max_in_bytes"] // 2**20 for n in nodes
        ]
    return found


def code_version() -> str:
    """The commit measured, and whether the search code differed from it (the
    figures belong to that code only); "unknown" outside a git checkout (e.g. a
    ``git archive`` snapshot: say which commit in the docs)."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(  # noqa: S603 (fixed arguments)
            ["git", "-C", str(ROOT), *args],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git(
            "status",
            "--porcelain",
            "--",
            "search",
            "machine_translation",
            "project_pages",
            "templates",
            "cms",
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" with uncommitted changes" if dirty else "")


def markdown(result: dict) -> str:
    lines = [
        f"{result['project_files']} project files ({result['documents']} indexed); "
        f"{result['repeat']} timed requests per row after {result['warmup']} warm-up "
        f"requests, {COMBOS} query combinations cycled; Elasticsearch request "
        f"cache {result.get('request_cache', 'kept')}; {result['date']}; "
        f"code {result.get('code', 'unknown')}; "
        f"{result['machine']}; versions {json.dumps(result['versions'])}.",
        "",
        "| engine | scenario | request | median (ms) | p95 (ms) | hits (min–max) |"
        " baseline ÷ ours (median / p95) |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for engine, rows in result["engines"].items():
        for row in rows.values():
            hits = row.get("hits")
            ratio = (
                f"{row['ratio_median']:.1f}× / {row['ratio_p95']:.1f}×"
                if "ratio_median" in row
                else ""
            )
            span = f"{hits['min']}–{hits['max']}" if hits else ""
            lines.append(
                f"| {engine} | {row['scenario']} | {row['what']} | "
                f"{row['median_ms']:.1f} | {row['p95_ms']:.1f} | {span} | {ratio} |"
            )
    lines += [
        "",
        "| rebuild | seconds | documents | documents/s | machine translations made |"
        " Apertium: pieces sent / characters / busy s / characters per s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in result["rebuilds"].items():
        documents = row.get("documents") or row.get("rows") or ""
        rate = row.get("documents_per_second") or ""
        made = row.get("translations_made", "")
        apertium = row.get("apertium")
        busy = (
            f"{apertium['pieces']} / {apertium['characters']} / "
            f"{apertium['seconds']:.1f} / {apertium['characters_per_second']}"
            if apertium
            else ""
        )
        lines.append(
            f"| {name} | {row['seconds']:.1f} | {documents} | {rate} | {made} | "
            f"{busy} |"
        )
    lines.append("")
    size = result.get("count", result["project_files"])
    goals = {"database": GOAL_DATABASE_P95_MS, "elasticsearch": GOAL_ES_P95_MS}
    for engine, rows in result["engines"].items():
        goal = goals.get(engine, {}).get(size)
        if goal is None:
            continue
        for key, row in rows.items():
            if key.endswith(" API") and "baseline" not in key:
                lines.append(
                    f"- {engine} p95 ≤ {goal:.0f} ms at {size} files (goal), "
                    f"{row['scenario']}: {row['p95_ms']:.1f} ms, "
                    f"{'met' if row['p95_ms'] <= goal else 'NOT met'}."
                )
    for engine, rows in result["engines"].items():
        ratios = [row["ratio_median"] for row in rows.values() if "ratio_median" in row]
        if ratios:
            lines.append(
                f"- {engine}: ≥ {GOAL_RATIO:.0f}× faster than the baseline (goal; "
                f"median, lowest scenario {min(ratios):.1f}×): "
                f"{'met' if min(ratios) >= GOAL_RATIO else 'NOT met'}."
            )
    for name, row in result["rebuilds"].items():
        if row.get("engine") in result["engines"]:
            limit = GOAL_REBUILD_S * result["project_files"] / 100_000
            lines.append(
                f"- rebuild of {name} in {row['seconds']:.0f} s (goal: 5 min for "
                f"100,000 files, scaled to {result['project_files']}: {limit:.0f} s): "
                f"{'met' if row['seconds'] <= limit else 'NOT met'}."
            )
    if result["warnings"]:
        lines += ["", f"Baseline mismatches ({len(result['warnings'])}):", ""]
        lines += [f"- {w}" for w in result["warnings"][:30]]
    return "\n".join(lines) + "\n"


def main() -> int:
    args = parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from project_pages.models import ProjectPage
    from search.models import SearchDocument

    if settings.DEBUG:
        raise SystemExit("DEBUG is on: timings would include the query log.")
    code = code_version()  # now: the code loaded, not the commit at the end
    vendor = connection.vendor
    if vendor != "postgresql" and not args.allow_sqlite:
        raise SystemExit(
            "Official figures need PostgreSQL: set DATABASE_URL "
            "(or pass --allow-sqlite for a trial run)."
        )
    if not settings.ELASTICSEARCH_URL:
        print("ELASTICSEARCH_URL is not set: the database engine only.")
    prepare(args.count)
    rebuilds = (
        {}
        if args.no_rebuild
        else rebuild_all(with_baseline=True, keep_translations=args.keep_translations)
    )
    combos = pick_combinations()
    for key, params in combos.items():
        print(f"Scenario {key} ({SCENARIOS[key]}): {len(params)} combinations")
    client = Client()
    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "versions": versions(),
        "project_files": ProjectPage.objects.values("translation_key")
        .distinct()
        .count(),
        "documents": SearchDocument.objects.count(),
        "count": args.count,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "settings": args.settings,
        "code": code,
        "rebuilds": rebuilds,
        "request_cache": "kept"
        if args.keep_request_cache
        else "cleared before each timed request",
        "combinations": combos,
        "engines": {},
        "warnings": [],
    }
    engines = ["database"]
    if settings.ELASTICSEARCH_URL:
        engines.insert(0, "elasticsearch")
    engines = [e for e in engines if e in args.engines.split(",")]
    for engine in engines:
        overrides = {} if engine == "elasticsearch" else {"ELASTICSEARCH_URL": ""}
        with override_settings(**overrides):
            rows, warnings = measure_engine(client, engine, combos, args)
        result["engines"][engine] = rows
        result["warnings"] += warnings
    for warning in result["warnings"]:
        print(f"WARNING baseline mismatch: {warning}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"search-{args.name or result['project_files']}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n")
    table = markdown(result)
    (RESULTS / f"{stem}.md").write_text(table)
    print()
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
