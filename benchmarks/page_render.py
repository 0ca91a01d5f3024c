"""Page-render benchmark: server time and SQL queries of the public pages.

    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/page_render.py \\
        --count 10000 --repeat 200

Migrates the database named by DATABASE_URL, loads ``--count`` demo project files
(bulk, plus the few rich ones the loader always builds) unless they are there
already, then requests each page in-process with Django's test client: a warm-up,
one request under CaptureQueriesContext to count the SQL queries, then ``--repeat``
timed requests (from the request entering Django to the response leaving it,
without the query capture). Prints a table and writes JSON and Markdown results to
benchmarks/results/. Official figures are on PostgreSQL (docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"
# The goals for rendering the project page: p95 time and SQL queries per request.
GOAL_P95_MS = 30.0
GOAL_QUERIES = 12


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--count",
        type=int,
        default=10_000,
        help="Project files in the database (default 10000).",
    )
    parser.add_argument(
        "--repeat", type=int, default=200, help="Timed requests per page (default 200)."
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=20,
        help="Untimed requests per page first (default 20).",
    )
    parser.add_argument(
        "--settings",
        default="cms.settings.test",
        help="Django settings (DEBUG must be off).",
    )
    parser.add_argument(
        "--allow-sqlite",
        action="store_true",
        help="Run on SQLite too (figures are then not official).",
    )
    parser.add_argument(
        "--name", default="", help="Suffix of the result files (default: the backend)."
    )
    return parser.parse_args()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the value below which `share` of the values lie."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


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


def pages_to_measure() -> list[tuple[str, str, object]]:
    """(name, URL, what to forget before each request) for every measured page.

    The project page is measured in three states: everything cached (the steady
    state), its body not cached (its first view since it or an entity changed),
    and every cache empty (the first request after any change to the site).
    """
    from project_pages.models import ProjectIndexPage, ProjectPage

    index = ProjectIndexPage.objects.get(locale__language_code="ca")
    live = ProjectPage.objects.child_of(index).live()
    last_page = max(1, -(-live.count() // ProjectIndexPage.page_size))
    rich = live.filter(slug__startswith="fitxa-completa-").order_by("pk").first()
    plain = live.exclude(slug__startswith="fitxa-completa-").order_by("-pk").first()
    if rich is None:
        raise SystemExit("No rich project file (count must be 12 or more).")
    return [
        ("home page", "/ca/", None),
        ("project index, page 1", index.url, None),
        (
            f"project index, page {last_page // 2}",
            f"{index.url}?page={last_page // 2}",
            None,
        ),
        ("project page (rich)", rich.url, None),
        ("project page (rich), body not cached", rich.url, forget_body(rich.pk)),
        ("project page (rich), all caches empty", rich.url, forget_everything),
        ("project page (plain)", plain.url, None),
        ("project page (plain), body not cached", plain.url, forget_body(plain.pk)),
    ]


def forget_body(page_id: int):
    """A function that drops the cached body of one project page (not timed)."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from core.caching import tree_version

    def forget() -> None:
        cache.delete(
            make_template_fragment_key("project_page", [page_id, "ca", tree_version()])
        )

    return forget


def forget_everything() -> None:
    from django.core.cache import cache

    cache.clear()


def measure(client, url: str, repeat: int, warmup: int, before=None) -> dict:
    """Time ``repeat`` requests; ``before()`` runs untimed before each request."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    before = before or (lambda: None)
    for _ in range(warmup):
        before()
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    # Django clears the query log when a request starts: start from an empty one.
    reset_queries()
    before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # captured_queries reads the log lazily: copy it before the next requests.
    captured = [query["sql"] for query in queries.captured_queries]
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "url": url,
        "queries": len(captured),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "bytes": len(response.content),
        "sql": captured,
    }


def markdown(result: dict) -> str:
    lines = [
        f"Database: {result['database']}; {result['project_files']} project files; "
        f"{result['repeat']} timed requests per page after {result['warmup']} "
        f"warm-up requests; {result['date']}; {result['machine']}.",
        "",
        "| page | median (ms) | p95 (ms) | SQL queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, row in result["pages"].items():
        lines.append(
            f"| {name} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['queries']} |"
        )
    lines.append("")
    for name, row in result["pages"].items():
        if name.endswith("(baseline)"):
            ours = result["pages"][
                name.removesuffix(", Wagtail's stock router (baseline)")
            ]
            lines.append(
                f"- {name.split(',')[0]}, body not cached: median "
                f"{ours['median_ms'] / row['median_ms']:.2f}× the stock router's, "
                f"{ours['queries']} queries instead of {row['queries']}."
            )
    lines.append("")
    for state in ("project page (rich)", "project page (rich), body not cached"):
        rich = result["pages"][state]
        met = rich["p95_ms"] <= GOAL_P95_MS and rich["queries"] <= GOAL_QUERIES
        lines.append(
            f"Goal for the project page (p95 ≤ {GOAL_P95_MS:.0f} ms, ≤ "
            f"{GOAL_QUERIES} queries), {state}: {'met' if met else 'NOT met'}."
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    args = parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    if settings.DEBUG:
        raise SystemExit("DEBUG is on: timings would include the query log.")
    vendor = connection.vendor
    if vendor != "postgresql" and not args.allow_sqlite:
        raise SystemExit(
            "Official figures need PostgreSQL: set DATABASE_URL "
            "(or pass --allow-sqlite for a trial run)."
        )
    prepare(args.count)
    client = Client()
    from project_pages.models import ProjectPage

    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": f"{vendor} {connection.cursor().connection.info.server_version}"
        if vendor == "postgresql"
        else f"{vendor} {connection.Database.sqlite_version}",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "project_files": ProjectPage.objects.count(),
        "repeat": args.repeat,
        "warmup": args.warmup,
        "settings": args.settings,
        "pages": {},
    }
    from django.test.utils import override_settings

    for name, url, before in pages_to_measure():
        result["pages"][name] = measure(client, url, args.repeat, args.warmup, before)
        if name.endswith("body not cached"):
            # Baseline in the same run: the same request through Wagtail's router.
            from project_pages.routing import FastRoutingMixin

            FastRoutingMixin.enabled = False
            try:
                with override_settings(ROOT_URLCONF="benchmarks.stock_urls"):
                    baseline = measure(client, url, args.repeat, args.warmup, before)
            finally:
                FastRoutingMixin.enabled = True
            result["pages"][f"{name}, Wagtail's stock router (baseline)"] = baseline
        row = result["pages"][name]
        print(
            f"{name:40} median {row['median_ms']:7.2f} ms  p95 "
            f"{row['p95_ms']:7.2f} ms  {row['queries']:3} queries  {url}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"page_render-{args.name or vendor}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n")
    table = markdown(result)
    (RESULTS / f"{stem}.md").write_text(table)
    print()
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
