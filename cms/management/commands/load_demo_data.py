"""``manage.py load_demo_data [--count N] [--communities-at-scale [FRACTION]]``: a
demo site that reads like a real one."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.demo import load_demo
from practice import demo_scale

# Above this many project files the loader writes rows directly (see --bulk).
BULK_THRESHOLD = 1000


class Command(BaseCommand):
    help = (
        "Load demo content: the site tree in Catalan, Spanish and English; project "
        "files over every area, phase, transformation type and size band, led by "
        "real Catalan municipalities (and some abroad), with partner entities, "
        "barriers, benefits, tools, milestones, media and tags; some written in "
        "Spanish or English, and every Catalan page (project files, articles, "
        "standard pages, the caravan, its kit and stops) with linked Spanish and "
        "English translations; the pages 'Sobre l'observatori', 'Com enviar un "
        "projecte' and 'Caravana de la innovació'; demo members, forum topics "
        "with replies and comment threads, communities of practice with open, "
        "moderated and private interest groups (a fixed amount, whatever --count). "
        "Populations and coordinates come from the "
        "gazetteer when it is loaded (manage.py load_gazetteer). Deterministic for a "
        "given --seed, and safe to run again: pages already there (same slug) are "
        "kept. Above "
        f"{BULK_THRESHOLD} project files (or with --bulk) the files are written in "
        "bulk, straight into the tables (in their own language only): minutes for "
        "100,000, but the search indices "
        "and the reference index are not updated, and those pages have no "
        "revisions or log entries (run 'manage.py search_index rebuild' for the "
        "public search and 'manage.py update_index' for the admin's)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=int,
            default=60,
            help="How many project files (default 60).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Seed of the random choices: the same seed gives the same content.",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--bulk",
            action="store_true",
            help="Write project files in bulk even for a small --count.",
        )
        mode.add_argument(
            "--no-bulk",
            action="store_true",
            help="Save every page through Wagtail, even for a large --count.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Project files per transaction in bulk mode (default 2000).",
        )
        parser.add_argument(
            "--communities-at-scale",
            type=float,
            nargs="?",
            const=1.0,
            default=None,
            metavar="FRACTION",
            help=(
                "Also build communities of practice at the reference size (50 "
                "communities, 1,100 interest groups, 15,000 members, 100,000 forum "
                "posts; a few minutes); a FRACTION such as 0.1 builds that share of "
                "it. Left out: the fixed, small demo communities only."
            ),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(self, *args, **options):
        count = options["count"]
        if count < 0:
            raise CommandError("--count must be 0 or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        fraction = options["communities_at_scale"]
        if fraction is not None and not 0 < fraction <= 10:
            raise CommandError("--communities-at-scale must be above 0 and at most 10.")
        bulk = options["bulk"] or (count > BULK_THRESHOLD and not options["no_bulk"])
        started = time.monotonic()
        with tqdm(
            total=count,
            unit="project",
            desc="Project files",
            disable=options["no_progress"] or options["verbosity"] == 0,
            file=self.stderr._out,
        ) as bar:
            summary = load_demo(
                count,
                seed=options["seed"],
                bulk=bulk,
                batch_size=options["batch_size"],
                progress=bar.update,
            )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{summary} ({elapsed:.1f} s)"))
        if fraction is not None:
            self._communities_at_scale(fraction, options)
        if bulk:
            self.stdout.write(
                "Bulk mode: the search index and the reference index were not "
                "updated for these pages: run 'manage.py search_index rebuild' "
                "(public search) and 'manage.py update_index' (admin search)."
            )

    def _communities_at_scale(self, fraction: float, options) -> None:
        """The communities at ``fraction`` of the reference size, one progress
        bar per kind of row."""
        scale = demo_scale.REFERENCE.times(fraction)
        hidden = options["no_progress"] or options["verbosity"] == 0
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                for bar in bars.values():
                    bar.close()
                bars[stage] = tqdm(
                    total=total,
                    unit="row",
                    desc=f"Communities at scale: {stage}",
                    disable=hidden,
                    file=self.stderr._out,
                )
            bars[stage].update(done)

        started = time.monotonic()
        try:
            summary = demo_scale.load(scale, seed=options["seed"], progress=progress)
        finally:
            for bar in bars.values():
                bar.close()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{summary} ({elapsed:.1f} s)"))
