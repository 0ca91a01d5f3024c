"""``EXPLAIN (ANALYZE, BUFFERS)`` of the database engine's one search statement, for
the combinations a run of search_bench.py found slowest.

    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/search_explain.py \\
        --results benchmarks/results/search-100000.json --scenario a --scenario b

Reads the combinations and their timings (``median_ms_by_combination`` of the
database engine's API rows) from a results file of search_bench.py, on the database
that run used, builds the statement the engine runs for the slowest combination of
each scenario (and the one nearest the median, with ``--median-too``), with
``DatabaseEngine()._statement(parse_query(...))``, runs it once untimed (warm
cache, as in the benchmark's timed requests), then explains it: the plan as text,
and the nodes ranked by their own time (inclusive time minus their children's,
computed from the JSON plan of a second run). Writes
``benchmarks/results/explain-<count>-<scenario>[-median].txt``. Read-only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"
SCENARIOS = {
    "a": "text + 3 filters",
    "b": "filters only",
    "c": "near + within + sort=distance",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", required=True, type=Path)
    parser.add_argument(
        "--scenario", action="append", choices=sorted(SCENARIOS), required=True
    )
    parser.add_argument("--median-too", action="store_true")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="Also time variants of the slowest statement, to tell where the time "
        "goes: the planner kept off sequential scans (SET LOCAL enable_seqscan = "
        "off), and, with words, the same search sorted by date (no ts_rank).",
    )
    parser.add_argument("--settings", default="benchmarks.settings")
    return parser.parse_args()


def querydict(params: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    return data


def statement(params: dict) -> tuple[str, list]:
    from search.engines.database import DatabaseEngine
    from search.query import parse_query

    return DatabaseEngine()._statement(parse_query(querydict(params)))


def _label(node: dict) -> str:
    parts = [node["Node Type"]]
    if node.get("Strategy") in ("Hashed", "Sorted", "Mixed"):
        parts[0] = f"{node['Strategy']} {parts[0]}"
    for key in ("Relation Name", "Index Name", "CTE Name", "Function Name"):
        if key in node:
            parts.append(f"{key.split()[0].lower()}={node[key]}")
    if "Subplan Name" in node:
        parts.append(f"({node['Subplan Name']})")
    return " ".join(parts)


def _inclusive(node: dict) -> float:
    return node.get("Actual Total Time", 0.0) * (node.get("Actual Loops", 1) or 1)


def _is_cte(node: dict) -> bool:
    return str(node.get("Subplan Name", "")).startswith("CTE ")


def own_times(plan: dict) -> list[tuple[float, float, int, str]]:
    """(own ms, inclusive ms, rows, label) of every node. Inclusive = actual total
    time × loops; own = inclusive minus the children's. A materialised CTE runs
    inside the CTE Scan that first reads it (the one with the longest time): the
    CTE's time is taken off that scan, and off its parent's sum (its own subtree
    is listed apart)."""
    ctes: dict[str, float] = {}
    scans: dict[str, list[dict]] = {}

    def gather(node: dict) -> None:
        if _is_cte(node):
            ctes[node["Subplan Name"][4:]] = _inclusive(node)
        if node["Node Type"] == "CTE Scan":
            scans.setdefault(node["CTE Name"], []).append(node)
        for child in node.get("Plans", []):
            gather(child)

    gather(plan)
    first_readers = {
        id(max(found, key=_inclusive)): ctes.get(name, 0.0)
        for name, found in scans.items()
    }
    rows: list[tuple[float, float, int, str]] = []

    def walk(node: dict, depth: int) -> float:
        inclusive = _inclusive(node)
        below = 0.0
        for child in node.get("Plans", []):
            spent = walk(child, depth + 1)
            if not _is_cte(child):
                below += spent
        label = "  " * depth + _label(node)
        cte_time = first_readers.get(id(node), 0.0)
        if cte_time:
            label += f" [first read of the CTE: its {cte_time:.1f} ms taken off]"
        own = max(0.0, inclusive - below - cte_time)
        rows.append(
            (round(own, 2), round(inclusive, 2), node.get("Actual Rows", 0), label)
        )
        return inclusive

    walk(plan, 0)
    return rows


def explain(params: dict) -> str:
    from django.db import connection

    sql, args = statement(params)
    with connection.cursor() as cursor:
        cursor.execute(sql, args)  # warm-up, untimed
        cursor.fetchall()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", args)
        text_plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", args)
        json_plan = cursor.fetchone()[0]
        if isinstance(json_plan, str):
            json_plan = json.loads(json_plan)
        readable = cursor.mogrify(sql, args)
        if isinstance(readable, bytes):
            readable = readable.decode()
    top = json_plan[0]
    ranked = sorted(own_times(top["Plan"]), key=lambda r: -r[0])
    lines = [
        "-- statement (parameters inlined for reading; the engine sends them apart):",
        readable,
        "",
        "-- EXPLAIN (ANALYZE, BUFFERS):",
        text_plan,
        "",
        f"-- a second run (FORMAT JSON): execution {top['Execution Time']:.1f} ms, "
        f"planning {top['Planning Time']:.1f} ms; nodes by their own time:",
        "--  own ms | incl. ms | rows | node",
    ]
    lines += [
        f"-- {own:7.1f} | {incl:8.1f} | {rows:6} | {label}"
        for own, incl, rows, label in ranked[:15]
    ]
    return "\n".join(lines) + "\n"


def execution_ms(sql: str, args: list, settings: tuple[str, ...] = ()) -> float:
    """Median execution time of 5 EXPLAIN ANALYZE runs (after one warm-up), with
    these SET LOCAL settings, in a transaction rolled back."""
    from django.db import connection, transaction

    times = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for setting in settings:
                cursor.execute(f"SET LOCAL {setting}")
            for _run in range(6):
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", args)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                times.append(plan[0]["Execution Time"])
            raise _Rollback
    except _Rollback:
        pass
    return statistics.median(times[1:])


class _Rollback(Exception):
    pass


def variants(params: dict) -> str:
    """Execution times of the statement and of variants that leave one cost out."""
    rows = [("as the engine runs it", params, ())]
    rows.append(
        ("sequential scans off (GIN indexes used)", params, ("enable_seqscan = off",))
    )
    if params.get("q"):
        newest = {**params, "sort": "newest"}
        rows.append(("sorted by date: no ts_rank", newest, ()))
        rows.append(
            (
                "sorted by date, sequential scans off",
                newest,
                ("enable_seqscan = off",),
            )
        )
    lines = ["-- variants (median execution of 5 EXPLAIN ANALYZE runs, ms):"]
    for label, variant, settings in rows:
        sql, args = statement(variant)
        lines.append(f"-- {execution_ms(sql, args, settings):8.1f}  {label}")
    return "\n".join(lines) + "\n"


def main() -> int:
    args = parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN (ANALYZE, BUFFERS) needs PostgreSQL.")
    result = json.loads(args.results.read_text())
    rows = result["engines"]["database"]
    for key in args.scenario:
        combos = result["combinations"][key]
        timings = rows[f"{key} API"]["median_ms_by_combination"]
        hits = rows[f"{key} API"].get("hits_by_combination", [None] * len(combos))
        picks = {"": max(range(len(combos)), key=lambda i: timings[i])}
        if args.median_too:
            middle = statistics.median_low(timings)
            picks["-median"] = timings.index(middle)
        for suffix, index in picks.items():
            params = combos[index]
            api = rows[f"{key} API"]
            header = (
                f"-- {result['project_files']} project files, scenario {key} "
                f"({SCENARIOS[key]}), combination {index + 1} of {len(combos)}: "
                f"{params}; {hits[index]} hits; median of the API in the run "
                f"{timings[index]} ms (scenario: median {api['median_ms']} ms, "
                f"p95 {api['p95_ms']} ms)\n"
            )
            out = RESULTS / f"explain-{result['project_files']}-{key}{suffix}.txt"
            text = header + explain(params)
            if args.variants and not suffix:
                text += "\n" + variants(params)
            out.write_text(text)
            print(f"Wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
