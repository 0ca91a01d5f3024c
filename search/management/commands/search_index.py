"""``search_index rebuild|check|catch-up``: rebuild an engine's index, report drift
and the projects waiting for machine translations, or redo the writes an engine
missed while it was down and translate what waits (run catch-up from cron)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import service
from search.engines import configured_engines
from search.engines.base import EngineUnavailable
from search.rebuilds import registered_rebuilds


class Command(BaseCommand):
    help = (
        "Rebuild the search index, check it for missing and stale documents, or "
        "catch up on the writes an engine missed while it was down."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check", "catch-up"])
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
        if action == "catch-up":
            done, waiting = service.translate_waiting()
            self.stdout.write(
                f"translations: {done} project(s) translated and indexed again, "
                f"{waiting} still waiting"
            )
        for name in names:
            selected = engines[name]
            if action == "catch-up":
                waiting = service.missed(name)
                try:
                    done = service.catch_up(name, selected)
                except EngineUnavailable as error:
                    raise CommandError(
                        f"{name}: still unavailable, {waiting} project(s) wait: {error}"
                    ) from error
                self.stdout.write(f"{name}: caught up on {done} project(s)")
                continue
            if action == "rebuild":
                try:
                    count = service.rebuild(
                        selected,
                        progress=lambda docs, total, name=name: tqdm(
                            docs, total=total, desc=name, unit="doc", file=self.stderr
                        ),
                    )
                except EngineUnavailable as error:
                    raise CommandError(
                        f"{name}: unavailable, the index was not rebuilt (searches "
                        f"keep using the previous one): {error}"
                    ) from error
                self.stdout.write(f"{name}: indexed {count} documents")
                continue
            try:
                missing, stale, extra = service.check(selected)
            except EngineUnavailable as error:
                raise CommandError(f"{name}: unavailable: {error}") from error
            problems += len(missing) + len(stale) + len(extra)
            self.stdout.write(
                f"{name}: {len(missing)} missing, {len(stale)} stale, "
                f"{len(extra)} extra; {service.missed(name)} missed write(s) "
                "waiting for a catch-up"
            )
            for label, keys in (
                ("missing", missing),
                ("stale", stale),
                ("extra", extra),
            ):
                for line in _described(keys):
                    self.stdout.write(f"  {label}: {line}")
            if repair and (missing or stale or extra):
                service.reindex_projects([*missing, *stale, *extra], translate=True)
                self.stdout.write(f"{name}: repaired")
        if action == "check":
            waiting = service.waiting_for_translation()
            self.stdout.write(
                f"translations: {len(waiting)} project(s) indexed without all their "
                "machine translations"
                + (" (Apertium absent or failing)" if waiting else "")
            )
            for line in _described(waiting):
                self.stdout.write(f"  waiting: {line}")
            if waiting and repair:
                done, still = service.translate_waiting()
                self.stdout.write(
                    f"translations: {done} project(s) translated, {still} still waiting"
                )
        if action == "rebuild" and not engine:
            # Other apps' full-text indexes (the forum's) live in the database
            # and are rebuilt with the rest (search/rebuilds.py).
            for name, (rebuild, rows) in registered_rebuilds().items():
                self.stdout.write(f"{name}: indexed {rebuild()} {rows}")
        if action == "check" and problems and not repair:
            raise CommandError("The search index is out of step (run with --repair).")


def _described(keys: list[str]) -> list[str]:
    """Each project as its key, first page id and title (a project no longer in
    the database: its key alone)."""
    from project_pages.models import ProjectPage

    pages: dict[str, tuple[int, str]] = {}
    for pk, key, title in (
        ProjectPage.objects.filter(translation_key__in=keys)
        .order_by("pk")
        .values_list("pk", "translation_key", "title")
    ):
        pages.setdefault(str(key), (pk, title))
    lines = []
    for key in keys:
        if key in pages:
            pk, title = pages[key]
            lines.append(f"{key} (page {pk}: {title})")
        else:
            lines.append(key)
    return lines
