"""Fault drills: Elasticsearch and PostgreSQL fail under load, the site keeps
answering and comes back by itself.

    .venv/bin/python benchmarks/drills.py --url http://127.0.0.1:8000 \\
        --es-name dev --pg-name dev --log /path/to/the/site.log --drill all

Against a running site (``make serve``, or gunicorn with the production settings)
whose Elasticsearch node and PostgreSQL cluster were started by
``scripts/services.sh`` under the names given, this keeps a steady load (threads of
urllib requests, loopback only: the search page, the search API and a project
page; each with a session cookie, so that the anonymous page cache does not
answer them) and, for each drill, measures ``--before`` seconds, then the fault, then
``--after`` seconds:

- ``es-stop``: ``services.sh elasticsearch pause`` for ``--outage`` seconds, then
  ``resume`` (the same port and data);
- ``es-hang``: the node's JVM stopped with SIGSTOP for ``--outage`` seconds (it
  accepts connections, never answers), then SIGCONT;
- ``pg-restart``: ``services.sh postgres pause``, ``--pg-outage`` seconds, ``resume``.

Reported per drill: 5xx and failed requests (before / during / after), requests
per second in each phase, when the search API answered from Elasticsearch again
(first answer, and the last answer from the database: every worker back), and the
lines of the site's log (``--log``) that mention Elasticsearch or the database
during the drill. Every loop is bounded in time; results as JSON on stdout and in
benchmarks/results/drills.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ROOT / "scripts" / "services.sh"
RESULTS = ROOT / "benchmarks" / "results"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
ES_LOG = re.compile(r"elasticsearch|elastic_transport", re.IGNORECASE)
# Django logs each 500 as "Internal Server Error: PATH" and then its traceback.
DB_LOG = re.compile(r"^Internal Server Error")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--es-name", default="dev", help="services.sh node name")
    parser.add_argument("--pg-name", default="dev", help="services.sh cluster name")
    parser.add_argument(
        "--drill",
        choices=["es-stop", "es-hang", "pg-restart", "all"],
        default="all",
    )
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--before", type=float, default=10.0)
    parser.add_argument("--outage", type=float, default=20.0)
    parser.add_argument("--pg-outage", type=float, default=5.0)
    parser.add_argument("--after", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=10.0, help="per request")
    parser.add_argument("--log", default="", help="the site's log file (stderr)")
    parser.add_argument("--query", default="participació")
    args = parser.parse_args()
    if urllib.parse.urlsplit(args.url).hostname not in LOOPBACK:
        parser.error("--url must be on loopback (127.0.0.1)")
    return args


class Load:
    """Threads requesting the routes in turn until ``stop()``; each request is
    recorded as (monotonic time, route, status or 0 for a failure, backend)."""

    def __init__(self, url: str, routes: dict[str, str], threads: int, timeout: float):
        self.url = url.rstrip("/")
        self.routes = list(routes.items())
        self.threads = threads
        self.timeout = timeout
        self.records: list[tuple[float, str, int, str]] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    def start(self, deadline: float) -> None:
        for number in range(self.threads):
            worker = threading.Thread(
                target=self._run, args=(number, deadline), daemon=True
            )
            worker.start()
            self._workers.append(worker)

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(self.timeout + 5)

    def _run(self, number: int, deadline: float) -> None:
        turn = number
        while not self._stop.is_set() and time.monotonic() < deadline:
            route, path = self.routes[turn % len(self.routes)]
            turn += 1
            status, backend = self._get(path, route == "search API")
            with self._lock:
                self.records.append((time.monotonic(), route, status, backend))

    def _get(self, path: str, json_answer: bool) -> tuple[int, str]:
        try:
            # A session cookie (unknown to the site: the visitor stays
            # anonymous) keeps the anonymous page cache out of the way, so
            # every request reaches the view and the engines, as a signed-in
            # member's does; otherwise repeated URLs never touch them.
            request = urllib.request.Request(  # noqa: S310 - loopback only
                self.url + path, headers={"Cookie": "sessionid=fault-drill"}
            )
            with urllib.request.urlopen(  # noqa: S310 - loopback only (checked)
                request, timeout=self.timeout
            ) as response:
                body = response.read()
                backend = ""
                if json_answer:
                    backend = json.loads(body).get("backend", "")
                return response.status, backend
        except urllib.error.HTTPError as error:
            return error.code, ""
        except (OSError, ValueError):
            return 0, ""  # refused, reset, timed out, or not JSON


def project_path(url: str, query: str, timeout: float) -> str:
    """A project page of the site: the first hit of the search API."""
    api = f"{url.rstrip('/')}/api/v1/projects/search/?" + urllib.parse.urlencode(
        {"lang": "ca"}
    )
    with urllib.request.urlopen(api, timeout=timeout) as response:  # noqa: S310
        hits = json.load(response)["results"]
    if not hits:
        sys.exit("The site has no project to request: load the demo data first.")
    return urllib.parse.urlsplit(hits[0]["url"]).path


def services(service: str, action: str, name: str) -> float:
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [str(SERVICES), service, action, name],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )
    return time.monotonic() - started


def es_pid(name: str) -> int:
    services_dir = Path(os.environ.get("OBSERVATORY_SERVICES_DIR", ROOT / ".services"))
    node = Path((services_dir / f"es-{name}" / "node_dir").read_text().strip())
    return int((node / "es.pid").read_text().split()[0])


def log_size(path: str) -> int:
    return Path(path).stat().st_size if path else 0


def log_lines(path: str, offset: int) -> list[str]:
    if not path:
        return []
    with open(path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        return log.read().splitlines()


def summarise(records, phases: dict[str, tuple[float, float]]) -> dict:
    result = {}
    for phase, (start, end) in phases.items():
        rows = [r for r in records if start <= r[0] < end]
        seconds = max(end - start, 1e-9)
        result[phase] = {
            "seconds": round(seconds, 1),
            "requests": len(rows),
            "requests_per_s": round(len(rows) / seconds, 1),
            "5xx": sum(1 for r in rows if r[2] >= 500),
            "failed": sum(1 for r in rows if r[2] == 0),
            "per_route_per_s": {
                route: round(sum(1 for r in rows if r[1] == route) / seconds, 1)
                for route in sorted({r[1] for r in rows})
            },
        }
    return result


def run_drill(args, kind: str, routes: dict[str, str]) -> dict:
    offset = log_size(args.log)
    total = args.before + args.outage + args.after + 120
    load = Load(args.url, routes, args.threads, args.timeout)
    started = time.monotonic()
    load.start(deadline=started + total)
    notes = {}
    try:
        time.sleep(args.before)
        fault_start = time.monotonic()
        if kind == "es-stop":
            notes["pause_s"] = round(
                services("elasticsearch", "pause", args.es_name), 1
            )
            time.sleep(args.outage)
            notes["resume_s"] = round(
                services("elasticsearch", "resume", args.es_name), 1
            )
        elif kind == "es-hang":
            pid = es_pid(args.es_name)
            os.kill(pid, signal.SIGSTOP)
            try:
                time.sleep(args.outage)
            finally:
                os.kill(pid, signal.SIGCONT)
        else:
            notes["pause_s"] = round(services("postgres", "pause", args.pg_name), 1)
            time.sleep(args.pg_outage)
            notes["resume_s"] = round(services("postgres", "resume", args.pg_name), 1)
        fault_end = time.monotonic()
        time.sleep(args.after)
    finally:
        load.stop()
    end = time.monotonic()
    records = load.records
    phases = {
        "before": (started, fault_start),
        "during": (fault_start, fault_end),
        "after": (fault_end, end),
    }
    result = {"drill": kind, **notes, "phases": summarise(records, phases)}
    api = [r for r in records if r[1] == "search API" and r[2] == 200]
    if kind.startswith("es"):
        # From the moment the node answers again (resumed and healthy, or SIGCONT).
        back = [r[0] for r in api if r[0] >= fault_end and r[3] == "elasticsearch"]
        still_db = [r[0] for r in api if r[0] >= fault_end and r[3] == "database"]
        result["first_es_answer_after_recovery_s"] = (
            round(back[0] - fault_end, 1) if back else None
        )
        result["last_database_answer_after_recovery_s"] = (
            round(still_db[-1] - fault_end, 1) if still_db else 0.0
        )
        result["database_answers_during"] = sum(
            1 for r in api if fault_start <= r[0] < fault_end and r[3] == "database"
        )
        pattern = ES_LOG
    else:
        failures = [r[0] for r in records if r[2] == 0 or r[2] >= 500]
        result["errors_outside_restart_window"] = sum(
            1 for t in failures if not fault_start <= t <= fault_end + 1.0
        )
        result["last_error_after_resume_s"] = (
            round(max(failures) - fault_end, 1) if failures else None
        )
        pattern = DB_LOG
    lines = [line for line in log_lines(args.log, offset) if pattern.search(line)]
    result["log_lines"] = len(lines)
    result["log_sample"] = lines[:10]
    return result


def main() -> int:
    args = parse_args()
    path = project_path(args.url, args.query, args.timeout)
    routes = {
        "search page": "/ca/cerca/?" + urllib.parse.urlencode({"q": args.query}),
        "search API": "/api/v1/projects/search/?"
        + urllib.parse.urlencode({"q": args.query}),
        "project page": path,
    }
    kinds = (
        ["es-stop", "es-hang", "pg-restart"] if args.drill == "all" else [args.drill]
    )
    results = {
        "url": args.url,
        "threads": args.threads,
        "routes": routes,
        "drills": [run_drill(args, kind, routes) for kind in kinds],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "drills.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
