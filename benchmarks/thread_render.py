"""Comment-thread benchmark: a project page with a 500-comment thread.

    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/thread_render.py \\
        --comments 500 --repeat 200

Migrates the database named by DATABASE_URL, builds (once) a project file whose
thread holds ``--comments`` visible comments by 40 members (a third of them
replies, up to the depth limit, Markdown in the texts), then requests the page
in-process with Django's test client, as page_render.py does, in three states:

- a visitor who is not signed in, steady state (page body and thread HTML cached);
- a visitor, thread not cached (its first view after a comment was posted);
- a signed-in member (the thread is always rendered fresh for members: their own
  held comments, edit links and report buttons differ).

For each: SQL queries of one request and median/p95 over ``--repeat`` requests.
Goal: a constant number of queries (≤ 10) and p95 ≤ 50 ms.
Results go to benchmarks/results/thread_render-<vendor>.{json,md}.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
RESULTS = ROOT / "benchmarks" / "results"
GOAL_P95_MS = 50.0
GOAL_QUERIES = 10
SLUG = "fil-de-500-comentaris"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--settings", default="cms.settings.test")
    parser.add_argument("--allow-sqlite", action="store_true")
    return parser.parse_args()


def prepare(comments: int):
    """The project page with its thread, and one member to sign in as."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from community.models import Comment, Member, Status
    from project_pages.factories import ProjectPageFactory
    from project_pages.models import ProjectPage
    from project_pages.site_structure import ensure_site_structure

    call_command("migrate", verbosity=0, interactive=False)
    pages = ensure_site_structure()
    page = ProjectPage.objects.filter(slug=SLUG).first()
    if page is None:
        page = ProjectPageFactory(parent=pages["projects"]["ca"], slug=SLUG)
    User = get_user_model()
    members = []
    for n in range(40):
        user, _ = User.objects.get_or_create(
            username=f"bench-member-{n}",
            defaults={"email": f"bench{n}@ajuntament.example"},
        )
        member, _ = Member.objects.get_or_create(
            user=user,
            defaults={
                "display_name": f"Membre {n}",
                "created_at": timezone.now() - datetime.timedelta(days=90),
            },
        )
        members.append(member)
    have = Comment.objects.filter(page_id=page.pk).count()
    texts = [
        "Molt interessant. Com vau resoldre la **integració** amb el padró?",
        "Nosaltres ho vam provar a https://example.org/projecte i va anar bé:\n\n"
        "- formació del personal\n- un pilot de tres mesos",
        "> Com vau resoldre la integració?\n\nAmb una API i *molta* paciència.",
        "Podríem venir a veure-ho el mes que ve? Som tres persones de l'àrea TIC.",
    ]
    created = []
    for n in range(have, comments):
        parent = None
        if created and n % 3 == 0:
            parent = created[n // 2 % len(created)]
            if parent.depth >= 3:
                parent = parent.parent
        comment = Comment.objects.create(
            page_id=page.pk,
            author=members[n % len(members)],
            body=texts[n % len(texts)],
            parent=parent,
            depth=(parent.depth + 1) if parent else 0,
            status=Status.VISIBLE,
            created_at=timezone.now() - datetime.timedelta(minutes=comments - n),
        )
        created.append(comment)
    user = members[0].user
    return page, user


def main() -> int:
    args = parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from page_render import measure

    if settings.DEBUG:
        raise SystemExit("DEBUG is on: timings would include the query log.")
    vendor = connection.vendor
    if vendor != "postgresql" and not args.allow_sqlite:
        raise SystemExit("Official figures need PostgreSQL (or --allow-sqlite).")
    page, user = prepare(args.comments)
    from community.models import Comment
    from community.threads import forget_thread

    visible = Comment.objects.filter(page_id=page.pk).visible().count()
    visitor = Client()
    member = Client()
    member.force_login(user)
    url = page.url
    states = [
        ("visitor, steady state", visitor, None),
        ("visitor, thread not cached", visitor, lambda: forget_thread(page.pk)),
        ("signed-in member", member, None),
    ]
    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": f"{vendor} {connection.cursor().connection.info.server_version}"
        if vendor == "postgresql"
        else f"{vendor} {connection.Database.sqlite_version}",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "comments": visible,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "states": {},
    }
    for name, client, before in states:
        row = measure(client, url, args.repeat, args.warmup, before)
        result["states"][name] = row
        print(
            f"{name:32} median {row['median_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f}"
            f" ms  {row['queries']:3d} queries  {row['bytes'] // 1024} KiB"
        )
    lines = [
        f"Database: {result['database']}; a project page with {visible} visible "
        f"comments; {args.repeat} timed requests per state after {args.warmup} "
        f"warm-up requests; {result['date']}; {result['machine']}.",
        "",
        "| state | median (ms) | p95 (ms) | SQL queries | HTML (KiB) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in result["states"].items():
        lines.append(
            f"| {name} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['queries']} | {row['bytes'] // 1024} |"
        )
    lines.append("")
    for name, row in result["states"].items():
        met = row["p95_ms"] <= GOAL_P95_MS and row["queries"] <= GOAL_QUERIES
        lines.append(
            f"- {name}: goal (p95 ≤ {GOAL_P95_MS:.0f} ms, ≤ {GOAL_QUERIES} queries) "
            f"{'met' if met else 'NOT met'}."
        )
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"thread_render-{vendor}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2))
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
