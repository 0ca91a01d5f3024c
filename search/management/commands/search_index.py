"""``search_index rebuild|check``: rebuild an engine's index, or report drift."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import service
from search.engines import configured_engines


class Command(BaseCommand):
    help = "Rebuild the search index, or check it for missing and stale documents."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument(
            "--engine",
            action="append",
            help="Engine name (default: every configured engine).",
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help="With check: reindex what is missing or stale, drop what is extra.",
        )

    def handle(self, action, engine=None, repair=False, **options):
        engines = configured_engines()
        names = engine or list(engines)
        unknown = [name for name in names if name not in engines]
        if unknown:
            raise CommandError(f"Unknown or unconfigured engine: {', '.join(unknown)}")
        problems = 0
        for name in names:
            selected = engines[name]
            if action == "rebuild":
                count = service.rebuild(
                    selected,
                    progress=lambda docs, total, name=name: tqdm(
                        docs, total=total, desc=name, unit="doc", file=self.stderr
                    ),
                )
                self.stdout.write(f"{name}: indexed {count} documents")
                continue
            missing, stale, extra = service.check(selected)
            problems += len(missing) + len(stale) + len(extra)
            self.stdout.write(
                f"{name}: {len(missing)} missing, {len(stale)} stale, "
                f"{len(extra)} extra"
            )
            for label, ids in (
                ("missing", missing),
                ("stale", stale),
                ("extra", extra),
            ):
                if ids:
                    self.stdout.write(f"  {label}: {' '.join(map(str, ids))}")
            if repair and (missing or stale or extra):
                service.reindex_pages([*missing, *stale, *extra])
                self.stdout.write(f"{name}: repaired")
        if action == "check" and problems and not repair:
            raise CommandError("The search index is out of step (run with --repair).")
