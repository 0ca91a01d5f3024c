"""Search quality: recall@20, nDCG@10 and MRR of the public search API, per engine.

    .venv/bin/python benchmarks/search_quality.py --label before
    ELASTICSEARCH_URL=http://127.0.0.1:PORT .venv/bin/python \\
        benchmarks/search_quality.py --engines database,elasticsearch --label after \\
        --compare benchmarks/results/search-quality-before.json

Runs every query of ``benchmarks/search_quality/queries.json`` (judged by people
reading the project files, see the README.md beside it) through
``GET /api/v1/projects/search/?q=...&page_size=20&lang=<query language>`` with
Django's test client, in a throwaway database built for the run:

1. a temporary SQLite file (or ``--database-url``), migrated; ``load_gazetteer``;
   ``load_demo_data`` (60 project files, ``--seed=1``, which gives the slugs the
   judgments name);
   ``search_index rebuild`` of every configured engine;
2. per engine: the database engine always; Elasticsearch when ELASTICSEARCH_URL is
   set (a throwaway node: ``scripts/services.sh elasticsearch start quality``), in
   an index of its own that is deleted at the end. The engine is chosen the way the
   site chooses it (``override_settings``), and the response's ``backend`` must name
   it (a fallback to the database would otherwise be measured as Elasticsearch);
3. each hit's ``id`` is a page id, mapped to its project by the page's
   ``translation_key`` (a project and its translations are one project); a second
   hit of a project already seen in the same list is a duplicate and counts as not
   relevant;
4. per engine, the mean of each measure per query language, per category and
   overall; printed, and written as JSON and Markdown (``--out``).

The judgments name projects by slug. If the demo data moved a project to another
town (a new gazetteer changes the population bands the loader picks towns from), the
project is found by its number and subject instead, and place-name queries are
judged by the judges' recorded rule (``where``: the projects with an entity seated
there); the run says so. A judged project that cannot be found at all makes the
results "not comparable" (benchmarks/search_quality/README.md).

Measures (binary relevance, R = the relevant projects of a query):
recall@20 = relevant projects among the first 20 hits / |R|;
nDCG@10 = sum over the first 10 hits of rel_i / log2(i + 1), divided by the same sum
for an ideal list (min(10, |R|) relevant hits first);
MRR = mean of 1 / rank of the first relevant hit (0 when none in the first 20).

Only the API's JSON contract is used (``results[].id``, ``backend``), so the script
measures any version of the search code that keeps it.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import io
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUERIES = ROOT / "benchmarks" / "search_quality" / "queries.json"
RESULTS = ROOT / "benchmarks" / "results"
API = "/api/v1/projects/search/"
PAGE_SIZE = 20
RECALL_AT = 20
NDCG_AT = 10
LANGUAGES = ("ca", "es", "en")
CATEGORIES = (
    "same-language",
    "cross-language",
    "acronym",
    "place name",
    "misspelling",
)
MEASURES = ("recall@20", "ndcg@10", "mrr")
# Every category, split by whether some relevant project has no page in the query's
# language (found only by crossing languages).
CROSSING = {
    "no": "any category: every relevant project has a page in the query's language",
    "yes": "any category: some relevant project only in other languages",
}
# Goal: recall@20 >= 0.9 on cross-language queries with both engines.
GOAL_CROSS_RECALL = 0.9


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--engines",
        default="database,elasticsearch",
        help="Engines to measure, comma-separated (default: both; Elasticsearch "
        "only when ELASTICSEARCH_URL is set).",
    )
    parser.add_argument(
        "--label", default="run", help="Name of the run, e.g. before or after."
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="JSON results (default benchmarks/results/search-quality-LABEL.json); "
        "the Markdown table goes beside it (.md).",
    )
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument(
        "--compare",
        type=Path,
        help="A previous JSON result: print each figure beside it (and flag drops "
        "on same-language queries).",
    )
    parser.add_argument(
        "--settings",
        default="cms.settings.test",
        help="Django settings module (default cms.settings.test).",
    )
    parser.add_argument(
        "--database-url",
        help="Use this (empty) database instead of a temporary SQLite file, e.g. a "
        "throwaway PostgreSQL from scripts/services.sh. It is migrated and filled.",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the temporary folder (database)."
    )
    parser.add_argument(
        "--failures",
        action="store_true",
        help="Also print every query whose recall@20 is below 1, with what it found.",
    )
    return parser.parse_args()


# Measures ----------------------------------------------------------------------


def judge(hits: list[str | None], relevant: set[str]) -> tuple[list[int], int]:
    """Per position, 1 when the hit is a relevant project not seen earlier in the
    list; and the number of duplicates (a project already seen)."""
    seen: set[str] = set()
    gains, duplicates = [], 0
    for project in hits:
        if project is not None and project in seen:
            duplicates += 1
            gains.append(0)
            continue
        if project is not None:
            seen.add(project)
        gains.append(1 if project in relevant else 0)
    return gains, duplicates


def measures(gains: list[int], relevant: int) -> dict[str, float]:
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:NDCG_AT]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(NDCG_AT, relevant)))
    first = next((i for i, g in enumerate(gains[:RECALL_AT]) if g), None)
    return {
        "recall@20": sum(gains[:RECALL_AT]) / relevant,
        "ndcg@10": dcg / ideal,
        "mrr": 0.0 if first is None else 1 / (first + 1),
    }


def mean(rows: list[dict], key: str) -> float:
    return round(sum(row[key] for row in rows) / len(rows), 3) if rows else 0.0


def aggregate(rows: list[dict]) -> dict:
    return {
        "queries": len(rows),
        **{key: mean(rows, key) for key in MEASURES},
        "duplicates_in_top20": sum(row["duplicates"] for row in rows),
    }


def breakdowns(rows: list[dict]) -> dict:
    groups: dict[str, dict[str, list[dict]]] = {
        "language": defaultdict(list),
        "category": defaultdict(list),
        "language x category": defaultdict(list),
        "needs another language": defaultdict(list),
    }
    for row in rows:
        groups["language"][row["lang"]].append(row)
        groups["category"][row["category"]].append(row)
        groups["language x category"][f"{row['lang']} {row['category']}"].append(row)
        crosses = "yes" if row["crosses_languages"] else "no"
        groups["needs another language"][crosses].append(row)
    return {
        "overall": aggregate(rows),
        **{
            name: {key: aggregate(group[key]) for key in sorted(group)}
            for name, group in groups.items()
        },
    }


# Setting up --------------------------------------------------------------------


def prepare(workdir: Path, args) -> None:
    """Environment for a throwaway site, before Django is set up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    os.environ["DATABASE_URL"] = (
        args.database_url or f"sqlite:///{workdir / 'quality.sqlite3'}"
    )
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["SUBMISSIONS_RAW_ROOT"] = str(workdir / "private")


def build_site() -> dict:
    """Migrate, load the gazetteer and the demo data, rebuild every index."""
    from django.core.management import call_command

    timings = {}
    for name, command, kwargs in (
        ("migrate", "migrate", {"interactive": False}),
        ("load_gazetteer", "load_gazetteer", {}),
        ("load_demo_data", "load_demo_data", {"no_progress": True}),
        ("search_index rebuild", "search_index", {}),
    ):
        started = time.monotonic()
        positional = ["rebuild"] if command == "search_index" else []
        # Their progress bars and summaries would drown the table.
        quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
        call_command(command, *positional, verbosity=0, **quiet, **kwargs)
        timings[name] = round(time.monotonic() - started, 1)
        print(f"{name}: {timings[name]} s", flush=True)
    return timings


@dataclass
class Catalogue:
    """The project files of the demo data, as the judgments see them."""

    by_id: dict[int, str] = field(default_factory=dict)  # page id -> project key
    by_slug: dict[str, str] = field(default_factory=dict)  # any page's slug -> key
    languages: dict[str, set[str]] = field(default_factory=dict)
    # Where each project's entities have their seat: (municipality, county).
    places: dict[str, set[tuple[str, str]]] = field(default_factory=dict)


def catalogue() -> Catalogue:
    """A project's key is the slug of its first page (the original: translations
    are created after it); its translations share its ``translation_key``."""
    from project_pages.models import ProjectPage

    groups: dict[str, list] = defaultdict(list)
    pages = ProjectPage.objects.select_related("locale").prefetch_related(
        "project_entities__entity"
    )
    for page in pages.order_by("pk"):
        groups[str(page.translation_key)].append(page)
    found = Catalogue()
    for group in groups.values():
        key = group[0].slug
        found.languages[key] = {page.locale.language_code for page in group}
        found.places[key] = {
            (fold(entity.municipality), fold(entity.region))
            for entity in group[0].ordered_entities()
        }
        for page in group:
            found.by_id[page.pk] = key
            found.by_slug[page.slug] = key
    return found


def fold(text: str) -> str:
    """Case and accents never matter in place names ("Tàrrega" = "tarrega")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _resolver(judged: dict, found: Catalogue):
    """Judged slug -> project key on the loaded data. The slug itself when it is
    there; else the project of the same number (the slug's last part) and subject
    (the slug's first part, the project's theme): a change to the gazetteer can move
    a demo project to another town, which changes its slug but not what it is
    about. None when neither is found."""
    by_number: dict[str, list[str]] = defaultdict(list)
    for key in set(found.by_slug.values()):
        by_number[key.rsplit("-", 1)[-1]].append(key)

    def resolve(slug: str) -> str | None:
        if slug in found.by_slug:
            return found.by_slug[slug]
        info = judged.get(slug)
        if not info:
            return None
        for key in by_number.get(str(info["number"]), []):
            if key.removeprefix("fitxa-completa-").startswith(info["subject"] + "-"):
                return key
        return None

    return resolve


def _where(rule: dict, found: Catalogue) -> set[str]:
    """Projects with an entity seated in one of the rule's municipalities or
    counties: the judges' rule for place names, applied to the loaded data."""
    towns = {fold(name) for name in rule.get("municipality", [])}
    counties = {fold(name) for name in rule.get("county", [])}
    return {
        key
        for key, places in found.places.items()
        if any(town in towns or county in counties for town, county in places)
    }


def load_judgments(path: Path, found: Catalogue) -> tuple[list[dict], list, list]:
    """The queries, with their relevant projects as project keys; problems (the
    demo data are not the judged ones, or a place rule contradicts the judged list:
    figures not comparable); and notes (projects moved to other towns, so place
    names were judged by their rules; a category the pages contradict: a
    same-language query has every relevant project in its language, a
    cross-language one at least one project without a page in it, and new
    translations, by people or machines, change that)."""
    data = json.loads(path.read_text())
    judged = data.get("projects", {})
    resolve = _resolver(judged, found)
    problems, notes = [], []
    keys = {slug: resolve(slug) for slug in judged}
    lost = sorted(slug for slug, key in keys.items() if key is None)
    if lost:
        problems.append(f"judged project(s) not in the demo data: {', '.join(lost)}")
    extra = set(found.languages) - set(keys.values())
    if extra:
        problems.append(f"project(s) nobody judged: {', '.join(sorted(extra))}")
    moved = sorted(slug for slug, key in keys.items() if key and key != slug)
    if moved:
        notes.append(
            f"{len(moved)} project(s) are in another town than when judged (same "
            "number and subject): place names use the judges' place rules"
        )
    queries = []
    for query in data["queries"]:
        if query["lang"] not in LANGUAGES or query["category"] not in CATEGORIES:
            problems.append(f"{query['id']}: bad language or category")
        listed = {resolve(slug) for slug in query["relevant"]}
        if None in listed:
            problems.append(f"{query['id']}: a judged project is missing")
            listed.discard(None)
        relevant = listed
        if "where" in query:
            relevant = _where(query["where"], found)
            if "among" in query:
                relevant &= {resolve(slug) for slug in query["among"]}
            if relevant != listed and not moved:
                problems.append(f"{query['id']}: the place rule gives another set")
            elif relevant != listed:
                notes.append(
                    f"{query['id']}: {len(relevant)} relevant by its place rule "
                    f"({len(listed)} when judged)"
                )
        if not relevant:
            notes.append(f"{query['id']}: no relevant project on these data, skipped")
            continue
        crosses = any(query["lang"] not in found.languages[p] for p in relevant)
        if query["category"] in ("same-language", "cross-language") and crosses != (
            query["category"] == "cross-language"
        ):
            notes.append(f"{query['id']}: not {query['category']} on these pages")
        queries.append({**query, "relevant": sorted(relevant)})
    return queries, problems, notes


# Measuring ---------------------------------------------------------------------


def run_engine(client, engine: str, queries: list[dict], found: Catalogue) -> list:
    from urllib.parse import urlencode

    rows = []
    for query in queries:
        params = {"q": query["q"], "page_size": PAGE_SIZE, "lang": query["lang"]}
        url = f"{API}?{urlencode(params)}"
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        data = json.loads(response.content)
        if data.get("backend") != engine:
            raise SystemExit(f"{url}: answered by {data.get('backend')}, not {engine}")
        hits = [found.by_id.get(hit.get("id")) for hit in data["results"]]
        hits = hits[:PAGE_SIZE]
        relevant = set(query["relevant"])
        gains, duplicates = judge(hits, relevant)
        retrieved = {hit for hit, gain in zip(hits, gains, strict=True) if gain}
        rows.append(
            {
                "id": query["id"],
                "q": query["q"],
                "lang": query["lang"],
                "category": query["category"],
                "crosses_languages": any(
                    query["lang"] not in found.languages[p] for p in relevant
                ),
                "relevant": len(relevant),
                "count": data.get("count"),
                "hits": hits,
                "missed": sorted(relevant - retrieved),
                "duplicates": duplicates,
                **{k: round(v, 4) for k, v in measures(gains, len(relevant)).items()},
            }
        )
    return rows


def drop_indices(url: str, prefix: str) -> None:
    """Delete the Elasticsearch indices of this run (names start with prefix)."""
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url, request_timeout=30)
    try:
        names = list(client.indices.get(index=f"{prefix}*"))
        for name in names:
            client.indices.delete(index=name)
    except Exception as error:  # noqa: BLE001 (cleanup of a throwaway node)
        print(f"Could not delete the indices {prefix}*: {error}")


def versions() -> dict:
    from importlib.metadata import version

    from django.conf import settings
    from django.db import connection

    found = {
        "database": connection.vendor,
        "django": version("django"),
        "wagtail": version("wagtail"),
    }
    if settings.ELASTICSEARCH_URL:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
        nodes = client.nodes.info(metric="jvm")["nodes"].values()
        found["elasticsearch"] = sorted({node["version"] for node in nodes})
    return found


def git_state() -> dict:
    def git(*args: str) -> str:
        return subprocess.run(  # noqa: S603 (fixed arguments)
            ["git", "-C", str(ROOT), *args],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()

    status = git("status", "--porcelain", "--untracked-files=no")
    return {
        "commit": git("rev-parse", "HEAD"),
        "modified_files": len(status.split("\n")) if status else 0,
    }


# Reporting ---------------------------------------------------------------------


def fmt(row: dict, before: dict | None = None) -> list[str]:
    cells = []
    for key in MEASURES:
        cell = f"{row[key]:.3f}"
        if before is not None and key in before:
            cell += f" ({before[key]:.3f})"
        cells.append(cell)
    return cells


def markdown(result: dict, before: dict | None = None) -> str:
    """Tables per engine: by language, by category, and overall."""
    meta = result["meta"]
    lines = [
        f"Run `{meta['label']}`, {meta['date']}: {meta['queries']} queries "
        f"({meta['queries_by_language']}), {meta['project_files']} project files in "
        f"{meta['pages']} pages; commit {meta['git']['commit'][:10]}"
        f"{' + local changes' if meta['git']['modified_files'] else ''}; "
        f"{meta['versions']}.",
    ]
    for problem in meta["judgment_problems"]:
        lines.append(f"WARNING (the figures are not comparable): {problem}.")
    if before is not None:
        lines.append(
            f"In brackets: `{before['meta']['label']}` ({before['meta']['date']})."
        )
    for engine, data in result["engines"].items():
        old = before["engines"].get(engine) if before else None
        lines += [
            "",
            f"**{engine}**",
            "",
            "| queries | n | recall@20 | nDCG@10 | MRR | duplicates in top 20 |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        sections = [
            ("language", {lang: lang for lang in LANGUAGES}),
            ("category", {category: category for category in CATEGORIES}),
            ("needs another language", CROSSING),
        ]
        for section, keys in sections:
            for key, label in keys.items():
                row = data["summary"][section].get(key)
                if row is None:
                    continue
                prior = old["summary"][section].get(key) if old else None
                lines.append(
                    f"| {label} | {row['queries']} | "
                    + " | ".join(fmt(row, prior))
                    + f" | {row['duplicates_in_top20']} |"
                )
        row = data["summary"]["overall"]
        prior = old["summary"]["overall"] if old else None
        lines.append(
            f"| **all** | {row['queries']} | "
            + " | ".join(fmt(row, prior))
            + f" | {row['duplicates_in_top20']} |"
        )
    lines += ["", "Recall@20 by query language × category:", ""]
    header = "| engine | language | " + " | ".join(CATEGORIES) + " |"
    lines += [header, "| --- | --- |" + " ---: |" * len(CATEGORIES)]
    for engine, data in result["engines"].items():
        table = data["summary"]["language x category"]
        for lang in LANGUAGES:
            cells = []
            for category in CATEGORIES:
                row = table.get(f"{lang} {category}")
                cells.append(
                    f"{row['recall@20']:.2f} ({row['queries']})" if row else "–"
                )
            lines.append(f"| {engine} | {lang} | " + " | ".join(cells) + " |")
    lines.append("")
    for engine, data in result["engines"].items():
        cross = data["summary"]["category"].get("cross-language")
        if cross:
            met = cross["recall@20"] >= GOAL_CROSS_RECALL
            lines.append(
                f"- {engine}: recall@20 on cross-language queries "
                f"{cross['recall@20']:.3f} (goal ≥ {GOAL_CROSS_RECALL}): "
                f"{'met' if met else 'NOT met'}."
            )
        old = before["engines"].get(engine) if before else None
        if old:
            # Like for like: the same-language queries both runs measured (a
            # query skipped on other demo data is left out of both sides).
            then_rows = {q["id"]: q for q in old["queries"]}
            common = [
                q
                for q in data["queries"]
                if q["category"] == "same-language" and q["id"] in then_rows
            ]
            if common:
                now = {k: sum(q[k] for q in common) / len(common) for k in MEASURES}
                then = {
                    k: sum(then_rows[q["id"]][k] for q in common) / len(common)
                    for k in MEASURES
                }
                drops = [k for k in MEASURES if now[k] < then[k] - 0.0005]
                figures = ", ".join(
                    f"{k} {then[k]:.3f} → {now[k]:.3f}" for k in MEASURES
                )
                lines.append(
                    f"- {engine}: the {len(common)} same-language queries both "
                    f"runs measured: {figures}: "
                    + (f"DROP in {', '.join(drops)}." if drops else "no drop.")
                )
    return "\n".join(lines) + "\n"


def to_json(result: dict) -> str:
    """Indented, but one line per query, so that two runs diff query by query."""
    rows = {engine: data.pop("queries") for engine, data in result["engines"].items()}
    text = json.dumps(result, indent=1, ensure_ascii=False)
    for engine, data in result["engines"].items():
        data["queries"] = rows[engine]
        lines = ",\n".join(
            f"   {json.dumps(row, ensure_ascii=False)}" for row in rows[engine]
        )
        summary = json.dumps(data["summary"], indent=1, ensure_ascii=False)
        summary = summary.replace("\n", "\n   ")
        text = text.replace(
            f'"summary": {summary}',
            f'"summary": {summary},\n   "queries": [\n{lines}\n   ]',
            1,
        )
    if json.loads(text) != result:
        raise RuntimeError("to_json() lost something")
    return text + "\n"


def failures(result: dict) -> str:
    lines = []
    for engine, data in result["engines"].items():
        for row in data["queries"]:
            if row["recall@20"] < 1:
                lines.append(
                    f"{engine:13} {row['id']} {row['category']:14} "
                    f"{row['q']!r}: recall {row['recall@20']:.2f}, "
                    f"{row['count']} hit(s), {row['duplicates']} duplicate(s), "
                    f"missed {', '.join(row['missed'])}"
                )
    return "\n".join(lines) + "\n"


def main() -> int:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="search-quality-"))
    prepare(workdir, args)
    import django

    django.setup()
    # The test settings serve static files from a folder a fresh checkout lacks.
    warnings.filterwarnings("ignore", message="No directory at")
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    wanted = [name.strip() for name in args.engines.split(",") if name.strip()]
    es_url = settings.ELASTICSEARCH_URL
    if "elasticsearch" in wanted and not es_url:
        print("ELASTICSEARCH_URL is not set: the database engine only.")
    engines = [
        name
        for name in ("database", "elasticsearch")
        if name in wanted and (name != "elasticsearch" or es_url)
    ]
    # An index of our own on the node, deleted at the end; generous timeouts (the
    # run measures answers, not speed).
    index = f"search-quality-{os.getpid()}"
    site = override_settings(
        ELASTICSEARCH_INDEX=index,
        ELASTICSEARCH_TIMEOUT=30.0,
        ALLOWED_HOSTS=["*"],
    )
    site.enable()
    try:
        timings = build_site()
        found = catalogue()
        queries, problems, notes = load_judgments(args.queries, found)
        for problem in problems:
            print(f"WARNING: {problem}")
        for note in notes:
            print(f"Note: {note}")
        import search as search_package
        from project_pages.models import ProjectPage

        client = Client()
        result = {
            "meta": {
                "label": args.label,
                "date": datetime.datetime.now().isoformat(timespec="seconds"),
                "git": git_state(),
                "settings": args.settings,
                "code": str(Path(search_package.__file__).resolve().parent.parent),
                "machine": f"{platform.machine()}, Python {platform.python_version()}",
                "versions": versions(),
                "queries_file": str(args.queries.relative_to(ROOT))
                if args.queries.is_relative_to(ROOT)
                else str(args.queries),
                "queries_sha256": hashlib.sha256(args.queries.read_bytes()).hexdigest(),
                "queries": len(queries),
                "queries_by_language": ", ".join(
                    f"{sum(q['lang'] == lang for q in queries)} {lang}"
                    for lang in LANGUAGES
                ),
                "project_files": len(found.languages),
                "pages": ProjectPage.objects.count(),
                "setup_seconds": timings,
                "judgment_problems": problems,
                "notes": notes,
                "request": f"{API}?q=...&page_size={PAGE_SIZE}&lang=<query language>",
            },
            "engines": {},
        }
        for engine in engines:
            overrides = {} if engine == "elasticsearch" else {"ELASTICSEARCH_URL": ""}
            started = time.monotonic()
            with override_settings(**overrides):
                rows = run_engine(client, engine, queries, found)
            print(
                f"{engine}: {len(rows)} queries in {time.monotonic() - started:.1f} s"
            )
            result["engines"][engine] = {"summary": breakdowns(rows), "queries": rows}
    finally:
        site.disable()
        if es_url:
            drop_indices(es_url, index)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"Kept {workdir}")
    before = json.loads(args.compare.read_text()) if args.compare else None
    out = args.out or RESULTS / f"search-quality-{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_json(result))
    table = markdown(result, before)
    out.with_suffix(".md").write_text(table)
    print()
    print(table)
    if args.failures:
        print(failures(result))
    print(f"Written: {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
