# ruff: noqa: S603, S607 -- runs fixed local programs (gunicorn, wrk, redis-server)
"""Speed through the real server: wrk against gunicorn, side by side with bakerydemo.

    DATABASE_URL=postgresql://... ELASTICSEARCH_URL=http://... \\
    BAKERY_DATABASE_URL=postgresql://.../bakery \\
        .venv/bin/python benchmarks/serve_bench.py --bakery-dir /work/bakerydemo

Starts a throwaway Redis (cache and rate limits), collects the static files, and
serves the observatory with ``gunicorn -w 5`` and the production settings (DEBUG
off, WhiteNoise, Redis), and Wagtail's demo site (wagtail/bakerydemo, with its own
virtualenv and database, its production settings) the same way on another port.
The database must hold the project files already (``load_demo_data --count 10000
--bulk`` then ``search_index rebuild``; bakerydemo: ``load_initial_data``). Each URL
is requested a few times first (the caches of a running site are warm), then wrk
runs for ``--duration`` seconds with ``--connections`` connections, as a browser
would ask (``Accept-Encoding: gzip``); the signed-in member's page carries a
session cookie made with Django's ``SessionStore``. The load average is noted
before each run (other processes on the machine count). Results in
benchmarks/results/serve-<name>.{json,md}; figures and goals in
docs/performance.md ("Through the real server").
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

GOALS = {
    "home": {"rps": 500, "p99_ms": 150},
    "project index": {"rps": 500, "p99_ms": 150},
    "project page": {"rps": 500, "p99_ms": 150},
    "search page": {"rps": 500, "p99_ms": 150},
    "search API": {"rps": 400},
    "map JSON": {"rps": 100, "p99_ms": 300},
    "member's project page": {"rps": 150},
}

PREPARE_OURS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from community.models import Member
from django.contrib.auth import get_user_model
from project_pages.models import ProjectPage
page = (ProjectPage.objects.live().filter(locale__language_code="ca")
        .exclude(slug__startswith="fitxa-completa-").order_by("-pk").first())
User = get_user_model()
user, _ = User.objects.get_or_create(
    username="bench-member", defaults={"email": "bench@ajuntament.example"})
Member.objects.get_or_create(user=user, defaults={"display_name": "Bench member"})
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"project": page.url, "session": session.session_key}))
"""

PREPARE_BAKERY = """
import json
from bakerydemo.blog.models import BlogPage
print(json.dumps({"blog": BlogPage.objects.live().order_by("pk").first().url}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--bakery-port", type=int, default=8102)
    parser.add_argument("--bakery-dir", default="")
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--name", default="10000")
    parser.add_argument("--only", default="", help="names, comma-separated")
    return parser.parse_args()


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 (loopback)
            return
        except Exception:  # noqa: BLE001 (not up yet)
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def warm(url: str, headers: dict, times: int = 5) -> int:
    status = 0
    for _ in range(times):
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                status = response.status
                response.read()
        except urllib.error.HTTPError as error:
            status = error.code
    return status


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url: str, headers: dict, connections: int, duration: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.M))
    if "50" not in latency:
        raise SystemExit(f"wrk measured nothing for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: (.*)$", output, re.M)
    transfer = re.search(r"Transfer/sec:\s+(\S+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": to_ms(latency["50"]),
        "p90_ms": to_ms(latency["90"]),
        "p99_ms": to_ms(latency["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket.group(1) if socket else "",
        "transfer_per_s": transfer.group(1) if transfer else "",
    }


def start_gunicorn(python_bin: Path, app: str, port: int, workers: int, cwd, env):
    gunicorn = python_bin.parent / "gunicorn"
    return subprocess.Popen(
        [
            str(gunicorn),
            app,
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(tempfile.gettempdir()) / f"gunicorn-{port}.log", "w"),  # noqa: SIM115
    )


def manage(python_bin: Path, cwd, env, *args: str) -> str:
    return (
        subprocess.run(
            [str(python_bin), "manage.py", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .rpartition("\n")[2]
    )


def main() -> int:
    args = parse_args()
    for name in ("DATABASE_URL", "ELASTICSEARCH_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"Set {name}.")
    redis_dir = Path(tempfile.mkdtemp(prefix="serve-bench-redis-"))
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(args.redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--daemonize",
            "yes",
            "--dir",
            str(redis_dir),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    ours_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{args.port}",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/0",
    }
    python_bin = ROOT / ".venv" / "bin" / "python"
    processes = []
    try:
        manage(python_bin, ROOT, ours_env, "collectstatic", "--noinput", "-v0")
        prepared = json.loads(
            manage(python_bin, ROOT, ours_env, "shell", "-c", PREPARE_OURS)
        )
        processes.append(
            start_gunicorn(
                python_bin, "cms.wsgi", args.port, args.workers, ROOT, ours_env
            )
        )
        base = f"http://127.0.0.1:{args.port}"
        urls = [
            ("observatory", "home", f"{base}/ca/", {}),
            ("observatory", "project index", f"{base}/ca/projectes/", {}),
            ("observatory", "project page", base + prepared["project"], {}),
            ("observatory", "search page", f"{base}/ca/cerca/?q=participacio", {}),
            (
                "observatory",
                "search API",
                f"{base}/api/v1/projects/search/?q=participacio",
                {},
            ),
            ("observatory", "map JSON", f"{base}/api/v1/projects/map/?lang=ca", {}),
            (
                "observatory",
                "map JSON, one area",
                f"{base}/api/v1/projects/map/?lang=ca&area=social_services",
                {},
            ),
            (
                "observatory",
                "member's project page",
                base + prepared["project"],
                {"Cookie": f"sessionid={prepared['session']}"},
            ),
        ]
        bakery = Path(args.bakery_dir) if args.bakery_dir else None
        if bakery:
            bakery_env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
                "DATABASE_URL": os.environ["BAKERY_DATABASE_URL"],
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_SSL_REDIRECT": "false",
            }
            bakery_env.pop("REDIS_URL", None)
            bakery_python = bakery / ".venv" / "bin" / "python"
            found = json.loads(
                manage(bakery_python, bakery, bakery_env, "shell", "-c", PREPARE_BAKERY)
            )
            processes.append(
                start_gunicorn(
                    bakery_python,
                    "bakerydemo.wsgi",
                    args.bakery_port,
                    args.workers,
                    bakery,
                    bakery_env,
                )
            )
            bbase = f"http://127.0.0.1:{args.bakery_port}"
            urls += [
                ("bakerydemo", "home", f"{bbase}/", {}),
                ("bakerydemo", "blog page", bbase + found["blog"], {}),
                ("bakerydemo", "search page", f"{bbase}/search/?q=bread", {}),
            ]
            wait_for(f"{bbase}/")
        wait_for(f"{base}/ca/")
        only = {name.strip() for name in args.only.split(",") if name.strip()}
        rows = []
        for site, name, url, extra in urls:
            if only and name not in only:
                continue
            headers = {"Accept-Encoding": "gzip", **extra}
            status = warm(url, headers)
            runs = []
            for _ in range(args.repeat):
                load = loadavg()
                result = run_wrk(url, headers, args.connections, args.duration)
                runs.append({**result, "loadavg_before": load})
                print(site, name, result, "load", load, flush=True)
            runs.sort(key=lambda run: run["rps"])
            median = runs[len(runs) // 2]
            rows.append(
                {
                    "site": site,
                    "name": name,
                    "url": url.split(":", 2)[2].split("/", 1)[1],
                    "status": status,
                    **median,
                    "runs": runs,
                }
            )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        subprocess.run(
            ["redis-cli", "-p", str(args.redis_port), "shutdown", "nosave"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(redis_dir, ignore_errors=True)
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} CPUs, load average at the end {loadavg()}",
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "rows": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"serve-{args.name}.json").write_text(json.dumps(result, indent=2))
    (RESULTS / f"serve-{args.name}.md").write_text(markdown(result))
    print(markdown(result))
    return 0


def markdown(result: dict) -> str:
    bakery = {row["name"]: row for row in result["rows"] if row["site"] == "bakerydemo"}
    pairs = {
        "home": "home",
        "project page": "blog page",
        "search page": "search page",
    }
    lines = [
        f"Through gunicorn -w {result['workers']}, wrk {result['connections']} "
        f"connections, {result['duration_s']} s per URL, {result['date']}; "
        f"{result['machine']}.",
        "",
        "| site | page | req/s | p50 ms | p99 ms | non-2xx | load before | goal "
        "| ours / bakerydemo |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    for row in result["rows"]:
        goal = GOALS.get(row["name"], {}) if row["site"] == "observatory" else {}
        goal_text = ""
        if goal:
            met = row["rps"] >= goal["rps"] and row["p99_ms"] <= goal.get(
                "p99_ms", float("inf")
            )
            goal_text = f"≥ {goal['rps']}/s" + (
                f", p99 ≤ {goal['p99_ms']} ms" if "p99_ms" in goal else ""
            )
            goal_text += " ✔" if met else " ✘"
        ratio = ""
        other = pairs.get(row["name"])
        if row["site"] == "observatory" and other in bakery:
            ratio = f"{row['rps'] / bakery[other]['rps']:.1f}×"
        lines.append(
            f"| {row['site']} | {row['name']} (`/{row['url']}`) | {row['rps']:.0f} "
            f"| {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['non_2xx']} "
            f"| {row['loadavg_before']} | {goal_text} | {ratio} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
