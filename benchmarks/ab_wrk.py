#!/usr/bin/env python3
# ruff: noqa: S603, S607 -- runs wrk
"""Two servers, one URL, in alternation: a baseline and a change in the same go.

    .venv/bin/python benchmarks/ab_wrk.py --a http://127.0.0.1:8012 \\
        --b http://127.0.0.1:8013 --path /ca/projectes/xyz/ \\
        --cookie "sessionid=..." --rounds 4 --duration 10

The machine is shared: one server measured now and the other in an hour see
different neighbours. Here each round runs wrk against A, then B (32
connections, ``Accept-Encoding: gzip``), and the report gives each round's
requests per second and latencies, the medians, and the median of the rounds'
B/A ratios, with the load average after each round.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess


def wrk(url: str, seconds: int, connections: int, cookie: str) -> dict:
    headers = ["-H", "Accept-Encoding: gzip"]
    if cookie:
        headers += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        number, unit = float(value.group(1)), value.group(2)
        return (
            number / 1000 if unit == "us" else number * 1000 if unit == "s" else number
        )

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", required=True, help="baseline base URL")
    parser.add_argument("--b", required=True, help="changed base URL")
    parser.add_argument("--path", required=True)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    for base in (args.a, args.b):  # warm both
        wrk(base + args.path, 3, 4, args.cookie)
    runs = {"a": [], "b": []}
    for number in range(1, args.rounds + 1):
        for side in ("a", "b"):
            base = getattr(args, side)
            result = wrk(base + args.path, args.duration, args.connections, args.cookie)
            runs[side].append(result)
            print(
                f"round {number} {side.upper()} {result['rps']:8.1f} req/s "
                f"p50 {result['p50']:7.1f} ms p99 {result['p99']:7.1f} ms "
                f"non-2xx {result['errors']}"
            )
        print(f"  load average {os.getloadavg()[0]:.1f}")
    ratios = [b["rps"] / a["rps"] for a, b in zip(runs["a"], runs["b"], strict=True)]
    for side in ("a", "b"):
        rows = runs[side]
        rps = statistics.median(r["rps"] for r in rows)
        print(
            f"median {side.upper()}: {rps:.1f} req/s, "
            f"p50 {statistics.median(r['p50'] for r in rows):.1f} ms, "
            f"p99 {statistics.median(r['p99'] for r in rows):.1f} ms"
        )
    print(f"median B/A ratio of the rounds: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
