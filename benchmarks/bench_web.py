"""The Today page under load: 10,000 applications, 16 concurrent clients (wrk on loopback).

Targets: p95 latency of the Today page ≤ 50 ms, and its throughput ≥ 40% of a trivial
endpoint of the same app (``/api/health``) measured in the same run. The two are loaded in
alternating rounds so that machine noise hits both alike; medians over the rounds.

Needs Debian's ``wrk``. Run: ``.venv/bin/python benchmarks/bench_web.py [--apps N]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_tracking as tracking

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("wrk_report.lua")
AFTERVIEW = str(Path(sys.executable).parent / "afterview")
CLIENTS, THREADS, SECONDS, ROUNDS = 16, 2, 8, 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [AFTERVIEW, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # poll until it answers (bounded)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the web app did not start")


def load(url: str) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CLIENTS}", f"-d{SECONDS}s", "-s", str(LUA), url],
        capture_output=True,
        text=True,
        check=True,
    )
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    result: dict[str, float] = json.loads(line)
    if result["errors"]:
        raise SystemExit(f"{url}: {result['errors']} errors under load")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="afterview-web-") as tmp:
        work = Path(tmp)
        env = tracking.environment(work, work / "afterview")
        (work / "home").mkdir()
        tracking.build_search(work, env, args.apps, tracking.Shape())
        port = free_port()
        server = start_server(env, port)
        try:
            base = f"http://127.0.0.1:{port}"
            load(base + "/")  # warm up both
            load(base + "/api/health")
            today, trivial = [], []
            for _ in range(ROUNDS):
                today.append(load(base + "/"))
                trivial.append(load(base + "/api/health"))
        finally:
            server.terminate()
            server.wait(timeout=10)
    report(args.apps, today, trivial)


def report(apps: int, today: list[dict[str, float]], trivial: list[dict[str, float]]) -> None:
    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    ratio = med(today, "rps") / med(trivial, "rps")
    print(
        f"{apps:,} applications, {CLIENTS} clients, {ROUNDS} alternating rounds of "
        f"{SECONDS} s, medians"
    )
    print("| endpoint | p50 | p95 | p99 | requests/s |")
    print("|---|---|---|---|---|")
    for name, rows in (("Today page `/`", today), ("trivial `/api/health`", trivial)):
        print(
            f"| {name} | {med(rows, 'p50_ms'):.1f} ms | {med(rows, 'p95_ms'):.1f} ms | "
            f"{med(rows, 'p99_ms'):.1f} ms | {med(rows, 'rps'):.0f} |"
        )
    print(
        f"\nThroughput ratio Today / trivial: {ratio:.2f} (target ≥ 0.40); "
        f"Today p95 {med(today, 'p95_ms'):.1f} ms (target ≤ 50 ms)"
    )


if __name__ == "__main__":
    main()
