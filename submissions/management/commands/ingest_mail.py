"""Read the observatory's mailbox and turn every message into a submission.

    manage.py ingest_mail --imap imaps://user:password@mail.example.org/INBOX
    manage.py ingest_mail --maildir /var/mail/observatori --json
    manage.py ingest_mail --mbox export.mbox
    manage.py ingest_mail --imap ... --watch --interval 60     (production)

One source per run. A message is marked processed in its source (moved to the
processed folder over IMAP, to ``cur/`` in a Maildir) only after its submission is
committed, so a run stopped at any point loses nothing and, started again, creates
nothing twice. ``--json`` prints one object per message and a summary line. The
exit status is 0 unless the source itself failed (connection, login, folder).
"""

from __future__ import annotations

import json
import signal
import threading
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from submissions.ingest import Result, ingest
from submissions.mail import send_pending_acknowledgments
from submissions.models import Outcome
from submissions.sources import SourceError, open_source, watch


class Command(BaseCommand):
    help = "Ingest emailed submissions from IMAP, a Maildir or an mbox file."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--imap",
            metavar="URL",
            help="imaps://user:password@host/FOLDER, or imap://... (STARTTLS)",
        )
        source.add_argument("--maildir", metavar="DIR")
        source.add_argument("--mbox", metavar="FILE")
        parser.add_argument(
            "--json", action="store_true", help="One JSON object per message."
        )
        parser.add_argument(
            "--watch",
            action="store_true",
            help="Keep running: read the source again every --interval seconds, "
            "and reconnect with a growing pause when it fails.",
        )
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args, **options):
        spec = {
            name: options[name]
            for name in ("imap", "maildir", "mbox")
            if options.get(name)
        }
        self.as_json = options["json"]
        self.counts: Counter[str] = Counter()
        if options["watch"]:
            self._watch(spec, options["interval"])
        else:
            try:
                source = open_source(spec)
            except SourceError as error:
                raise CommandError(str(error)) from error
            try:
                self._run(source)
            except SourceError as error:
                self._summary()
                raise CommandError(str(error)) from error
            finally:
                source.close()
        self._summary()

    def _run(self, source) -> None:
        close_old_connections()  # a long --watch outlives database connections
        send_pending_acknowledgments()
        for item in source.messages():
            with item.open() as fp:
                result = ingest(fp, source=source.kind, ref=item.ref)
            source.processed(item)
            self._report(result)

    def _watch(self, spec: dict, interval: float) -> None:
        stop = threading.Event()

        def stop_now(*_args):
            stop.set()

        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, stop_now)

        def make_source():
            return open_source(spec)

        watch(make_source, self._run, interval=interval, stop=stop)

    def _report(self, result: Result) -> None:
        self.counts[result.outcome] += 1
        if self.as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            self.stdout.flush()
            return
        line = f"{result.outcome:<12} {result.submission or '-':<10} {result.ref}"
        if result.reason:
            line += f"  ({result.reason})"
        self.stdout.write(line)

    def _summary(self) -> None:
        counts = {
            outcome.value: self.counts.get(outcome.value, 0) for outcome in Outcome
        }
        if self.as_json:
            self.stdout.write(json.dumps({"summary": counts}))
        else:
            total = sum(counts.values())
            parts = ", ".join(f"{n} {name}" for name, n in counts.items())
            self.stdout.write(f"{total} message(s): {parts}")
