"""Mail ingestion benchmark: messages per second from a Maildir, and the
peak memory of the ingesting process, including one 50 MB message.

    DATABASE_URL=postgresql://... .venv/bin/python benchmarks/ingest_bench.py \\
        --messages 1000 --big-mb 50

Builds a Maildir of ``--messages`` messages like the ones municipalities send (a
text of a few paragraphs in Catalan, Spanish or English; one in four with a PDF
attachment, one in ten with an image, one in twenty an auto-reply, one in twenty
with no Message-ID, a few HTML-only), migrates the database named by DATABASE_URL
(emptying the submission tables first), then runs ``manage.py ingest_mail
--maildir DIR --json`` as a separate process and measures its wall time and peak
resident memory (``ru_maxrss`` of the child). Then the same for a Maildir holding
one message of ``--big-mb`` MB (a text and one large attachment; the attachment
limit is raised for that run so that it is really stored). Both runs repeat
``--repeat`` times on fresh data; medians are reported.
Results: benchmarks/results/ingest-<vendor>.{json,md}.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
GOAL_BIG_MB = 300

TEXTS = {
    "ca": "Us enviem el projecte de l'ajuntament: una finestra única digital per als "
    "tràmits de les entitats. Amb aquest projecte els tràmits són més ràpids.",
    "es": "Les enviamos el proyecto del ayuntamiento: una ventanilla única para los "
    "trámites de las asociaciones. Con este proyecto los trámites son más rápidos.",
    "en": "We are sending the project of the town: a one-stop shop for the "
    "paperwork of local associations, and this project made it faster.",
}
PDF = b"%PDF-1.4\n" + b"0" * 40_000 + b"\n%%EOF\n"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--settings", default="cms.settings.test")
    return parser.parse_args()


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def build_message(n: int, image: bytes) -> bytes:
    language = ("ca", "es", "en")[n % 3]
    mail = EmailMessage()
    mail["From"] = f"Persona {n} <persona{n}@ajuntament{n % 50}.cat>"
    mail["To"] = "observatori@localhost"
    mail["Subject"] = f"Projecte {n}: finestra única"
    mail["Date"] = "Mon, 02 Nov 2026 09:30:00 +0000"
    if n % 20 != 7:
        mail["Message-ID"] = make_msgid(domain=f"ajuntament{n % 50}.cat")
    if n % 20 == 3:
        mail["Auto-Submitted"] = "auto-replied"
    text = "\n\n".join([TEXTS[language]] * 6) + f"\n\n{n}"
    if n % 17 == 5:
        mail.set_content(f"<html><body><p>{text}</p></body></html>", subtype="html")
    else:
        mail.set_content(text)
    if n % 4 == 0:
        mail.add_attachment(
            PDF, maintype="application", subtype="pdf", filename=f"memoria-{n}.pdf"
        )
    if n % 10 == 0:
        mail.add_attachment(image, maintype="image", subtype="png", filename="foto.png")
    return mail.as_bytes()


def maildir(path: Path) -> Path:
    for sub in ("new", "cur", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return path


def big_message(path: Path, megabytes: int) -> None:
    """Written in pieces: the benchmark itself must not hold 50 MB twice."""
    boundary = "==big-boundary=="
    with path.open("wb") as fh:
        fh.write(
            (
                "From: Gran <gran@ajuntament.cat>\r\nTo: observatori@localhost\r\n"
                f"Subject: Memòria completa\r\nMessage-ID: {make_msgid()}\r\n"
                "MIME-Version: 1.0\r\n"
                f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
                f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                f"{TEXTS['ca']}\r\n"
                f"--{boundary}\r\nContent-Type: application/pdf\r\n"
                "Content-Transfer-Encoding: base64\r\n"
                'Content-Disposition: attachment; filename="memoria.pdf"\r\n\r\n'
            ).encode()
        )
        chunk = os.urandom(57 * 1000)  # 57 bytes → one 76-character base64 line
        written = 0
        target = megabytes * 1024 * 1024
        while written < target:
            encoded = base64.encodebytes(chunk).replace(b"\n", b"\r\n")
            fh.write(encoded)
            written += len(encoded)
        fh.write(f"\r\n--{boundary}--\r\n".encode())


def run_ingest(box: Path, env: dict) -> tuple[float, float, dict]:
    """(seconds, peak MB of that process alone, summary) of one ingest_mail run.
    ``os.wait4`` gives the child's own resource usage (RUSAGE_CHILDREN would be
    the largest of every child so far)."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "ingest_mail",
                "--maildir",
                str(box),
                "--json",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise SystemExit(f"ingest_mail failed with status {process.returncode}")
        out.seek(0)
        summary = json.loads(out.read().splitlines()[-1])["summary"]
    return seconds, usage.ru_maxrss / 1024, summary


def startup(env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "check", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - start


def empty_tables(env: dict) -> None:
    code = (
        "from submissions.models import Submission, Message;"
        "Message.objects.all().delete(); Submission.objects.all().delete()"
    )
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
    )


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": args.settings}
    work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    env["SUBMISSIONS_RAW_ROOT"] = str(work / "raw")
    env["MEDIA_ROOT"] = str(work / "media")
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    image = png()
    messages = [build_message(n, image) for n in range(args.messages)]
    total_bytes = sum(len(m) for m in messages)
    base = startup(env)
    rows = {"many": [], "big": []}
    try:
        for _ in range(args.repeat):
            empty_tables(env)
            box = maildir(work / "many")
            for n, raw in enumerate(messages):
                (box / "new" / f"{1700000000 + n}.M{n}.bench").write_bytes(raw)
            seconds, peak, summary = run_ingest(box, env)
            rows["many"].append({"seconds": seconds, "peak_mb": peak, **summary})
            shutil.rmtree(box)
        big_env = {
            **env,
            "SUBMISSIONS_MAX_ATTACHMENT_MB": "100",
            "SUBMISSIONS_MAX_MESSAGE_MB": "100",
        }
        for _ in range(args.repeat):
            empty_tables(env)
            box = maildir(work / "big")
            big_message(box / "new" / "1700000000.big.bench", args.big_mb)
            size = (box / "new" / "1700000000.big.bench").stat().st_size
            seconds, peak, summary = run_ingest(box, big_env)
            rows["big"].append(
                {
                    "seconds": seconds,
                    "peak_mb": peak,
                    "size_mb": size / 2**20,
                    **summary,
                }
            )
            shutil.rmtree(box)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    vendor = "postgresql" if url.startswith("postgres") else "sqlite"
    many = rows["many"]
    med_seconds = statistics.median(r["seconds"] for r in many)
    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "database": vendor,
        "messages": args.messages,
        "maildir_mb": total_bytes / 2**20,
        "startup_seconds": base,
        "runs": rows,
        "median_seconds": med_seconds,
        "messages_per_second": args.messages / med_seconds,
        "messages_per_second_without_startup": args.messages / (med_seconds - base),
        "median_peak_mb": statistics.median(r["peak_mb"] for r in many),
        "big_median_peak_mb": statistics.median(r["peak_mb"] for r in rows["big"]),
        "big_median_seconds": statistics.median(r["seconds"] for r in rows["big"]),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"ingest-{vendor}.json").write_text(json.dumps(result, indent=2))
    lines = [
        f"Ingest benchmark, {vendor}, {result['date']}; {result['machine']}.",
        "",
        "| run | median s | messages/s | peak MB (child) |",
        "| --- | ---: | ---: | ---: |",
        f"| {args.messages} messages ({total_bytes / 2**20:.1f} MB Maildir) | "
        f"{med_seconds:.1f} | {result['messages_per_second']:.0f} "
        f"({result['messages_per_second_without_startup']:.0f} without the "
        f"{base:.1f} s start-up) | {result['median_peak_mb']:.0f} |",
        f"| one {rows['big'][0]['size_mb']:.0f} MB message | "
        f"{result['big_median_seconds']:.1f} | — | "
        f"{result['big_median_peak_mb']:.0f} |",
        "",
        "Outcomes of one run of the many: "
        + json.dumps(
            {k: v for k, v in many[0].items() if k not in ("seconds", "peak_mb")}
        ),
        f"- 50 MB message peak ≤ {GOAL_BIG_MB} MB: "
        + ("met." if result["big_median_peak_mb"] <= GOAL_BIG_MB else "NOT met."),
    ]
    (RESULTS / f"ingest-{vendor}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
