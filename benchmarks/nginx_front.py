#!/usr/bin/env python3
# ruff: noqa: S603, S607 -- runs fixed local programs (nginx, openssl)
"""The shipped nginx site (deploy/nginx/observatory.conf) in front of `make serve`.

    MAP_DATA_SERVED_BY_NGINX=true DOCUMENTS_SERVED_BY_NGINX=true make serve
    .venv/bin/python benchmarks/nginx_front.py [--without-limits]
    wrk -t2 -c32 -d20s -H "Accept-Encoding: gzip" \\
        https://127.0.0.1:8443/api/v1/projects/map/

Runs nginx in the foreground (Ctrl-C stops it) with the shipped file, only the
addresses and paths swapped for this machine (as tests/test_deploy.py does):
gunicorn of `make serve` on 127.0.0.1:8000 as the upstream, HTTPS on
127.0.0.1:8443 with a throwaway self-signed certificate, `make serve`'s media
folder and the collected static files. ``--without-limits`` drops the
per-address `limit_req` lines: a load generator is a single address, which the
shipped limits (2 requests a second on the heavy JSON) would answer with 429.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "observatori.example.org"


def render_site(
    *,
    upstream: str,
    https_port: int,
    http_port: int,
    cert: Path,
    key: Path,
    logs: Path,
    static: Path,
    media: Path,
    without_limits: bool = False,
) -> str:
    """deploy/nginx/observatory.conf for loopback; fails if a replaced line is
    no longer in the shipped file."""
    text = (ROOT / "deploy" / "nginx" / "observatory.conf").read_text()
    replacements = {
        "unix:/run/observatory/gunicorn.sock": upstream,
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
        "/var/log/nginx/": f"{logs}/",
        "/srv/observatory/static_collected/": f"{static}/",
        "/srv/observatory/media/": f"{media}/",
        "/srv/observatory/deploy/": f"{ROOT / 'deploy'}/",
    }
    for old, new in replacements.items():
        if old not in text:
            raise ValueError(f"{old!r} is no longer in the shipped file")
        text = text.replace(old, new)
    if without_limits:
        text = re.sub(r"^\s*limit_req zone=.*$", "", text, flags=re.MULTILINE)
    return text


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_conf(folder: Path, site: Path, workers: int) -> Path:
    run, temp = folder / "run", folder / "temp"
    run.mkdir(exist_ok=True)
    temp.mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""{user}
daemon off;
worker_processes {workers};
pid {run}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""
    )
    return conf


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", default="127.0.0.1:8000")
    parser.add_argument("--port", type=int, default=8443, help="HTTPS port")
    parser.add_argument("--http-port", type=int, default=8080)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--media", default=str(ROOT / ".cache" / "serve" / "media"))
    parser.add_argument("--static", default=str(ROOT / "static_collected"))
    parser.add_argument("--without-limits", action="store_true")
    args = parser.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is missing: apt-get install nginx", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="observatory-nginx-"))
    logs = folder / "logs"
    logs.mkdir()
    cert, key = self_signed(folder)
    site = folder / "observatory.conf"
    site.write_text(
        render_site(
            upstream=args.upstream,
            https_port=args.port,
            http_port=args.http_port,
            cert=cert,
            key=key,
            logs=logs,
            static=Path(args.static),
            media=Path(args.media),
            without_limits=args.without_limits,
        )
    )
    conf = nginx_conf(folder, site, args.workers)
    command = [nginx, "-p", str(folder), "-e", str(logs / "error.log"), "-c", str(conf)]
    subprocess.run([*command, "-t"], check=True, capture_output=True)
    print(f"nginx on https://127.0.0.1:{args.port}/ (logs in {logs}); Ctrl-C stops")
    try:
        return subprocess.run(command).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
