"""Load and soak run: locust users against a running site, with every process's
memory watched.

    # against `make serve` (in another terminal), 50 users for 10 minutes:
    .venv/bin/python benchmarks/load/soak.py --host http://127.0.0.1:8000 \\
        --users 50 --minutes 10 --label serve-10000

Loopback only (the host must be 127.0.0.1 or localhost) and bounded in time.
The accounts the users sign in with must exist: ``--prepare`` creates them
through benchmarks/load/prepare.py with the environment of this command (the
same DATABASE_URL and settings as the site).

Reports, per route, requests, failures, median/p95/p99 (ms) and requests/s; for
each kind of process (gunicorn master and workers, task worker, scheduler, mail
ingester) the memory (RSS, MiB) at minute 2 and at the end, and whether it stayed
within 10 %. Results go to benchmarks/results/soak-<label>.{json,md}; the exit
status is 1 when a request failed or a process's memory grew more than 10 %.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESULTS = ROOT / "benchmarks" / "results"
GROWTH_LIMIT = 0.10
ROLES = (
    ("task worker", "manage.py worker"),
    ("scheduler", "manage.py scheduler"),
    ("mail ingester", "manage.py ingest_mail"),
)


def role(process: psutil.Process) -> str | None:
    try:
        command = " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    if "gunicorn" in command and "cms.wsgi" in command:
        parent = process.parent()
        parent_command = " ".join(parent.cmdline()) if parent else ""
        is_worker = "gunicorn" in parent_command and "cms.wsgi" in parent_command
        return "gunicorn worker" if is_worker else "gunicorn master"
    for name, marker in ROLES:
        if marker in command:
            return name
    return None


class MemoryWatch(threading.Thread):
    """Samples the RSS of the site's processes every ``every`` seconds."""

    def __init__(self, every: float, pids: set[int] | None = None):
        super().__init__(daemon=True)
        self.every = every
        self.pids = pids
        self.samples: list[tuple[float, dict[str, list[float]]]] = []
        self.stopped = threading.Event()
        self.started_at = time.monotonic()

    def run(self) -> None:
        while not self.stopped.is_set():
            sample: dict[str, list[float]] = {}
            for process in psutil.process_iter():
                if self.pids is not None and process.pid not in self.pids:
                    try:
                        if process.ppid() not in self.pids:
                            continue
                    except psutil.NoSuchProcess:
                        continue
                kind = role(process)
                if kind is None:
                    continue
                try:
                    rss = process.memory_info().rss / 2**20
                except psutil.NoSuchProcess:
                    continue
                sample.setdefault(kind, []).append(rss)
            self.samples.append((time.monotonic() - self.started_at, sample))
            self.stopped.wait(self.every)

    def at(self, seconds: float) -> dict[str, float]:
        """Median RSS per process of each kind in the sample nearest ``seconds``."""
        if not self.samples:
            return {}
        _, sample = min(self.samples, key=lambda item: abs(item[0] - seconds))
        return {kind: statistics.median(values) for kind, values in sample.items()}


def run_locust(args, prefix: Path) -> int:
    command = [
        sys.executable, "-m", "locust",
        "-f", str(HERE / "locustfile.py"),
        "--headless", "--only-summary",
        "--users", str(args.users),
        "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{int(args.minutes * 60)}s",
        "--stop-timeout", "10",
        "--host", args.host,
        "--csv", str(prefix),
        "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    # Bounded: locust stops itself at --run-time; this is the safety net.
    limit = args.minutes * 60 + 120
    return subprocess.run(  # noqa: S603 - our own command line
        command, env=env, timeout=limit, check=False
    ).returncode


def read_stats(prefix: Path) -> list[dict]:
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"],
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["Median Response Time"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "p99_ms": float(row["99%"] or 0),
                    "rps": float(row["Requests/s"] or 0),
                }
            )
    return rows


def read_failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return [
            {
                "route": row["Name"],
                "error": row["Error"],
                "count": int(row["Occurrences"]),
            }
            for row in csv.DictReader(handle)
        ]


def write_report(label: str, result: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"soak-{label}.json").write_text(json.dumps(result, indent=2))
    lines = [
        f"# Load and soak: {label}",
        "",
        f"{result['when']}, {result['users']} users for {result['minutes']} min "
        f"against {result['host']}; load average at the end {result['load']}.",
        "",
        "| route | requests | failures | median ms | p95 ms | p99 ms | req/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["routes"]:
        lines.append(
            f"| {row['method']} {row['name']} | {row['requests']} | {row['failures']} "
            f"| {row['median_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} "
            f"| {row['rps']:.1f} |"
        )
    lines += [
        "",
        "| process (median per kind) | MiB at minute 2 | MiB at the end | growth |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, memory in sorted(result["memory"].items()):
        lines.append(
            f"| {kind} | {memory['early']:.0f} | {memory['end']:.0f} "
            f"| {memory['growth'] * 100:+.1f} % |"
        )
    if result["failures"]:
        lines += ["", "Failures:", ""]
        for failure in result["failures"]:
            lines.append(
                f"- {failure['route']}: {failure['error']} × {failure['count']}"
            )
    path = RESULTS / f"soak-{label}.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def soak(args) -> dict:
    host = urlsplit(args.host).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"Loopback only: {args.host} is not 127.0.0.1 or localhost.")
    if args.prepare:
        subprocess.run(  # noqa: S603 - our own script
            [sys.executable, str(HERE / "prepare.py")], check=True, timeout=600
        )
    watch = MemoryWatch(every=args.sample_every, pids=args.pids)
    watch.start()
    prefix = Path(args.work_dir) / f"locust-{args.label}"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    run_locust(args, prefix)
    watch.stopped.set()
    watch.join()
    duration = args.minutes * 60
    early_at = min(120.0, duration / 2)
    early, end = watch.at(early_at), watch.at(duration)
    memory = {
        kind: {
            "early": early[kind],
            "end": end[kind],
            "growth": (end[kind] - early[kind]) / early[kind],
        }
        for kind in early
        if kind in end and early[kind]
    }
    routes = read_stats(prefix)
    result = {
        "label": args.label,
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "host": args.host,
        "users": args.users,
        "minutes": args.minutes,
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "routes": routes,
        "failures": read_failures(prefix),
        "memory": memory,
        "memory_early_at_s": early_at,
    }
    print(write_report(args.label, result).read_text())
    return result


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--label", default="serve")
    parser.add_argument("--sample-every", type=float, default=10)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--work-dir", default=str(ROOT / ".cache" / "load"))
    args = parser.parse_args(argv)
    args.pids = None
    return args


def failed(result: dict) -> list[str]:
    """What makes the run fail: errors, or memory that kept growing."""
    problems = [
        f"{row['name']}: {row['failures']} failure(s)"
        for row in result["routes"]
        if row["failures"] and row["name"] != "Aggregated"
    ]
    problems += [
        f"{kind}: memory {memory['growth'] * 100:+.1f} %"
        for kind, memory in result["memory"].items()
        if memory["growth"] > GROWTH_LIMIT
    ]
    return problems


if __name__ == "__main__":
    outcome = soak(parse_args())
    problems = failed(outcome)
    for problem in problems:
        print("FAILED:", problem)
    sys.exit(1 if problems else 0)
