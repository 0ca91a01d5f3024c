"""Admin-render benchmark: server time, SQL queries and HTML size of the editor's
busiest admin views.

    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/admin_render.py \\
        --count 10000 --repeat 50

Migrates the database named by DATABASE_URL, loads ``--count`` demo project files
unless they are there (benchmarks/page_render.py's ``prepare``), signs in a member of
the Editors group, and requests in-process with Django's test client: the edit view
of the richest demo file (the one with the most blocks), the Catalan project files
listing (the explorer of the "Projectes" index, Wagtail's default order), a search
of that listing, and the local entities listing. For each: warm-up requests, one
request counting the SQL queries, then ``--repeat`` timed requests (from the
request entering Django to the response leaving it), and the size of the HTML.
Results in benchmarks/results/admin_render-<backend>.{json,md}; figures and goals
in docs/performance.md ("Admin").
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
sys.path.insert(0, str(ROOT / "benchmarks"))
RESULTS = ROOT / "benchmarks" / "results"

# Goals of the admin views (PostgreSQL, 10,000 files).
GOALS = {
    "edit view of the richest file": {"p95_ms": 300.0, "bytes": 500_000},
    "project files listing": {"p95_ms": 200.0},
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--settings", default="cms.settings.test")
    parser.add_argument("--allow-sqlite", action="store_true")
    parser.add_argument("--name", default="")
    return parser.parse_args()


def richest_file():
    """The live Catalan project file with the most blocks in its StreamFields."""
    from project_pages.models import ProjectPage

    best, most = None, -1
    for page in (
        ProjectPage.objects.filter(slug__startswith="fitxa-completa-")
        or ProjectPage.objects.order_by("pk")[:50]
    ):
        blocks = sum(
            len(getattr(page, name).raw_data)
            for name in ("analysis", "objectives", "milestones", "documentation")
        )
        if blocks > most:
            best, most = page, blocks
    if best is None:
        raise SystemExit("No project file to edit.")
    return best, most


def editor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _created = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"email": "bench-editor@example.org"}
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def views_to_measure() -> list[tuple[str, str]]:
    from django.urls import reverse

    from project_pages.models import ProjectIndexPage

    page, blocks = richest_file()
    index = ProjectIndexPage.objects.get(locale__language_code="ca")
    print(f"Richest file: {page.title} (page {page.pk}, {blocks} blocks).")
    explore = reverse("wagtailadmin_explore", args=(index.pk,))
    return [
        (
            "edit view of the richest file",
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        ),
        ("project files listing", explore),
        ("project files listing, searched", f"{explore}?q=padró"),
        (
            "local entities listing",
            reverse("wagtailsnippets_project_pages_entity:list"),
        ),
    ]


def measure(client, url: str, repeat: int, warmup: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from page_render import percentile

    response = None
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    captured = len(queries.captured_queries)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "url": url,
        "queries": captured,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "bytes": len(response.content),
    }


def markdown(result: dict) -> str:
    lines = [
        f"Database: {result['database']}; {result['project_files']} project files; "
        f"{result['repeat']} timed requests per view after {result['warmup']} "
        f"warm-up requests; signed in as an editor; {result['date']}; "
        f"{result['machine']}; code {result['code']}.",
        "",
        "| view | median (ms) | p95 (ms) | SQL queries | HTML (KB) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in result["views"].items():
        lines.append(
            f"| {name} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['queries']} | {row['bytes'] / 1000:.0f} |"
        )
    lines.append("")
    for name, goal in GOALS.items():
        row = result["views"][name]
        parts = []
        met = True
        if "p95_ms" in goal:
            parts.append(f"p95 {row['p95_ms']:.0f} ms (≤ {goal['p95_ms']:.0f})")
            met &= row["p95_ms"] <= goal["p95_ms"]
        if "bytes" in goal:
            parts.append(f"{row['bytes'] / 1000:.0f} KB (≤ {goal['bytes'] / 1000:.0f})")
            met &= row["bytes"] <= goal["bytes"]
        lines.append(f"- {name}: {', '.join(parts)}: {'met' if met else 'NOT met'}.")
    return "\n".join(lines) + "\n"


def main() -> int:
    args = parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from page_render import prepare
    from search_bench import code_version

    if settings.DEBUG:
        raise SystemExit("DEBUG is on: timings would include the query log.")
    vendor = connection.vendor
    if vendor != "postgresql" and not args.allow_sqlite:
        raise SystemExit("Official figures need PostgreSQL: set DATABASE_URL.")
    code = code_version()
    prepare(args.count)
    from project_pages.models import ProjectPage

    client = Client()
    client.force_login(editor())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ca"
    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "code": code,
        "database": f"{vendor} {connection.cursor().connection.info.server_version}"
        if vendor == "postgresql"
        else f"{vendor} {connection.Database.sqlite_version}",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "project_files": ProjectPage.objects.values("translation_key")
        .distinct()
        .count(),
        "repeat": args.repeat,
        "warmup": args.warmup,
        "views": {},
    }
    for name, url in views_to_measure():
        row = measure(client, url, args.repeat, args.warmup)
        result["views"][name] = row
        print(
            f"{name:40} median {row['median_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms"
            f"  {row['queries']:4} queries  {row['bytes'] / 1000:7.0f} KB"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"admin_render-{args.name or vendor}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"{stem}.md").write_text(markdown(result))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
