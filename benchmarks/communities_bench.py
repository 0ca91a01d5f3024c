"""Communities at the reference size: server time and SQL queries of the pages
of the communities of practice (issue 16, point 6).

    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/communities_bench.py \\
        --repeat 200

Migrates the database named by DATABASE_URL and, unless they are there already,
builds the demo site with the communities at the seed's reference size
(``load_demo_data --communities-at-scale``: 50 communities, 1,100 interest
groups, 15,000 members, 100,000 forum posts; ``--fraction`` for a share of it).
Then requests each page in-process with Django's test client, as
page_render.py does: warm-up requests, one request under CaptureQueriesContext
to count the SQL queries, then ``--repeat`` timed requests (server time: from
the request entering Django to the response leaving it).

Pages: a member's home (the communities page signed in: their groups and
invitations), a community's page, a group's page (the largest group of 800
members and a small one, as a visitor, a member and its coordinator) and the
members' directory with and without each filter. Each page comes in a small and
a large variant where the data allow it, so the table shows whether the number
of queries depends on the size. Whatever the group page shows (discussions,
documents, meetings once they are merged) is measured as it is: rerun the same
command on the same database after a merge (the data are kept; migrations run
first).

Goal: p95 ≤ 50 ms and the same number of queries for the small and large
variants. Results go to benchmarks/results/communities-<vendor>[-NAME].{json,md};
the JSON keeps the SQL of each page.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
RESULTS = ROOT / "benchmarks" / "results"
GOAL_P95_MS = 50.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--fraction",
        type=float,
        default=1.0,
        help="Share of the reference size to build when the database has no "
        "communities at scale yet (default 1: the whole reference).",
    )
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--settings", default="cms.settings.test")
    parser.add_argument("--allow-sqlite", action="store_true")
    parser.add_argument(
        "--only", default="", help="Measure only the pages whose name contains this."
    )
    parser.add_argument(
        "--name", default="", help="Suffix of the result files (default none)."
    )
    return parser.parse_args()


def prepare(fraction: float) -> None:
    from django.core.management import call_command

    from practice.demo_scale import USERNAME_PREFIX
    from practice.models import Community

    call_command("migrate", verbosity=0, interactive=False)
    if Community.objects.filter(slug__startswith="secretaria-bcn").exists():
        from community.models import Member

        people = Member.objects.filter(user__username__startswith=USERNAME_PREFIX)
        print(f"Reusing the communities in the database ({people.count()} members).")
        return
    started = time.monotonic()
    call_command(
        "load_demo_data",
        communities_at_scale=fraction,
        no_progress=not sys.stderr.isatty(),
    )
    print(f"Loaded the demo site in {time.monotonic() - started:.1f} s.")


def _group_sizes():
    from django.db.models import Count, Q

    from practice.models import InterestGroup, State

    return InterestGroup.objects.annotate(
        size=Count("memberships", filter=Q(memberships__state=State.MEMBER))
    ).select_related("community")


def subjects() -> dict:
    """The groups, communities and members the pages are measured on, found in
    the data: the largest and a small public group, the community with the most
    groups and one with the fewest, a member in many groups (with invitations)
    and a member in one."""
    from django.db.models import Count, Q

    from community.models import Member
    from practice.demo_scale import USERNAME_PREFIX
    from practice.models import Community, Role, State, Visibility

    public = _group_sizes().exclude(visibility=Visibility.PRIVATE)
    large = public.order_by("-size", "pk").first()
    small = public.filter(size__gte=5, size__lte=10).order_by("pk").first()
    coordinator = (
        large.memberships.filter(state=State.MEMBER, role=Role.COORDINATOR)
        .select_related("member__user")
        .first()
        .member
    )
    plain = (
        large.memberships.filter(state=State.MEMBER, role=Role.MEMBER)
        .select_related("member__user")
        .first()
        .member
    )
    communities = Community.objects.annotate(n=Count("groups"))
    people = Member.objects.filter(user__username__startswith=USERNAME_PREFIX)
    counted = people.annotate(
        groups=Count(
            "group_memberships",
            filter=Q(group_memberships__state=State.MEMBER),
        ),
        invited=Count(
            "group_memberships",
            filter=Q(group_memberships__state=State.INVITED),
        ),
    ).select_related("user")
    return {
        "large": large,
        "small": small,
        "coordinator": coordinator,
        "plain": plain,
        "big_community": communities.order_by("-n", "pk").first(),
        "small_community": communities.order_by("n", "pk").first(),
        "busy": (
            counted.filter(invited__gte=1).order_by("-groups", "-invited", "pk").first()
            or counted.order_by("-groups", "pk").first()
        ),
        "one_group": counted.filter(groups=1, invited=0).order_by("pk").first(),
    }


def pages(found: dict) -> list[tuple[str, str, object]]:
    """(name, URL, who is signed in) of every measured page."""
    from django.urls import reverse
    from django.utils import translation

    from project_pages.models import Area
    from project_pages.vocabularies import SizeBand

    with translation.override("ca"):
        index = reverse("practice:index")
        directory = reverse("community:member_directory")

        def group_url(group):
            return reverse("practice:group", args=[group.community.slug, group.slug])

        def community_url(community):
            return reverse("practice:community", args=[community.slug])

    large, small = found["large"], found["small"]
    busy, one = found["busy"], found["one_group"]
    big, little = found["big_community"], found["small_community"]
    area = Area.objects.order_by("code").first().code
    region = busy.entity.region if busy.entity_id and busy.entity.region else "Osona"
    return [
        ("member's home, member in 1 group", index, one.user),
        (
            f"member's home, member in {busy.groups} groups with {busy.invited} "
            "invitations",
            index,
            busy.user,
        ),
        ("communities page, visitor", index, None),
        (f"community page, {little.n} groups, visitor", community_url(little), None),
        (f"community page, {big.n} groups, visitor", community_url(big), None),
        (f"community page, {big.n} groups, member", community_url(big), busy.user),
        (
            f"community page, {big.n} groups, page 2",
            community_url(big) + "?page=2",
            None,
        ),
        (f"group page, {small.size} members, visitor", group_url(small), None),
        (f"group page, {large.size} members, visitor", group_url(large), None),
        (
            f"group page, {large.size} members, a member",
            group_url(large),
            found["plain"].user,
        ),
        (
            f"group page, {large.size} members, its coordinator",
            group_url(large),
            found["coordinator"].user,
        ),
        (
            f"group page, {large.size} members, last page of members",
            group_url(large) + "?members=999",
            None,
        ),
        ("directory, no filter", directory, busy.user),
        ("directory, no filter, visitor", directory, None),
        ("directory, area", f"{directory}?area={area}", busy.user),
        (
            "directory, size band",
            f"{directory}?size={SizeBand.K5_20.value}",
            busy.user,
        ),
        ("directory, region", f"{directory}?region={region}", busy.user),
        ("directory, expertise", f"{directory}?expertise=Decidim", busy.user),
        ("directory, text", f"{directory}?q=Puig", busy.user),
        (
            "directory, every filter",
            f"{directory}?q=Puig&area={area}&size={SizeBand.K5_20.value}"
            f"&expertise=dades",
            busy.user,
        ),
        ("directory, page 20", f"{directory}?page=20", busy.user),
    ]


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
        raise SystemExit(
            "Official figures need PostgreSQL: set DATABASE_URL "
            "(or pass --allow-sqlite for a trial run)."
        )
    prepare(args.fraction)
    from community.models import Member, Post, Topic
    from practice.models import Community, InterestGroup, Membership

    found = subjects()
    sizes = {
        "communities": Community.objects.count(),
        "groups": InterestGroup.objects.count(),
        "members": Member.objects.count(),
        "memberships": Membership.objects.count(),
        "posts": Topic.objects.count() + Post.objects.count(),
    }
    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": f"{vendor} {connection.cursor().connection.info.server_version}"
        if vendor == "postgresql"
        else f"{vendor} {connection.Database.sqlite_version}",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "command": " ".join(sys.argv),
        "sizes": sizes,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "settings": args.settings,
        "pages": {},
    }
    print(
        f"{sizes['communities']} communities, {sizes['groups']} groups, "
        f"{sizes['members']} members, {sizes['memberships']} memberships, "
        f"{sizes['posts']} posts."
    )
    for name, url, user in pages(found):
        if args.only and args.only not in name:
            continue
        client = Client()
        if user is not None:
            client.force_login(user)
        row = measure(client, url, args.repeat, args.warmup)
        result["pages"][name] = row
        print(
            f"{name[:60]:60} median {row['median_ms']:6.1f} ms  p95 "
            f"{row['p95_ms']:6.1f} ms  {row['queries']:3d} queries  "
            f"{row['bytes'] // 1024} KiB"
        )
    lines = [
        f"Database: {result['database']}; {sizes['communities']} communities, "
        f"{sizes['groups']} interest groups, {sizes['members']} members, "
        f"{sizes['memberships']} memberships, {sizes['posts']} forum posts; "
        f"{args.repeat} timed requests per page after {args.warmup} warm-up "
        f"requests; {result['date']}; {result['machine']}.",
        "",
        f"Command: `{result['command']}`",
        "",
        "| page | median (ms) | p95 (ms) | SQL queries | HTML (KiB) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in result["pages"].items():
        lines.append(
            f"| {name} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['queries']} | {row['bytes'] // 1024} |"
        )
    slow = [name for name, row in result["pages"].items() if row["p95_ms"] > 50]
    lines += [
        "",
        f"Goal p95 ≤ {GOAL_P95_MS:.0f} ms: "
        + ("met on every page." if not slow else "NOT met: " + "; ".join(slow)),
    ]
    RESULTS.mkdir(exist_ok=True)
    suffix = f"-{args.name}" if args.name else ""
    stem = RESULTS / f"communities-{vendor}{suffix}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2))
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
