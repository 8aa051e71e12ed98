"""The Today page under load: 10,000 applications, 16 concurrent clients (wrk on loopback).

Targets: p95 latency of the Today page ≤ 50 ms, and its throughput ≥ 40% of a trivial
endpoint of the same app (``/api/health``) measured in the same run. The two are loaded in
alternating rounds so that machine noise hits both alike; medians over the rounds.

The server is ``afterview serve`` as a user starts it, on the database of the tracked-search
benchmark (``bench_tracking_data.py``). Building that database takes about a minute, so it is
kept in the temporary folder (``afterview-bench-web/``) and reused for a day by later runs
with the same size and the same generator and schema (``--rebuild`` forces a new one); each
run serves a fresh copy. wrk sends no cookie, so every request is a new browser: it gets a
new CSRF token and cookie, the most work a Today request can cost on a cache hit.

A Today request is served from the page cache (``afterview.web.cache``) while the data and
the minute stay the same, so the cost of a miss is measured too: the page rendered in this
process from the same database, as the server does on a miss.

Needs Debian's ``wrk``. Run: ``.venv/bin/python benchmarks/bench_web.py [--apps N]``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_tracking as tracking

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("wrk_report.lua")
AFTERVIEW = str(Path(sys.executable).parent / "afterview")
CLIENTS, THREADS, SECONDS, ROUNDS = 16, 2, 8, 3
CACHE = Path(tempfile.gettempdir()) / "afterview-bench-web"
CACHE_DAYS = 1.0  # the data is spread around the day it was built: keep it fresh
MISSES = 15


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def data_key(apps: int) -> str:
    """What the database depends on: its size, the generator, and the schema."""
    digest = hashlib.sha256()
    for path in (
        ROOT / "benchmarks" / "bench_tracking_data.py",
        ROOT / "src" / "afterview" / "storage" / "db.py",
        *sorted((ROOT / "src" / "afterview" / "storage" / "migrations").rglob("*.py")),
    ):
        digest.update(path.read_bytes())
    return f"{apps}-{digest.hexdigest()[:12]}"


def database(work: Path, env: dict[str, str], apps: int, rebuild: bool) -> str:
    """The search's database in ``env``'s AFTERVIEW_HOME: a copy of the cached one if fresh."""
    cached = CACHE / data_key(apps) / "afterview.db"
    target = Path(env["AFTERVIEW_HOME"]) / "afterview.db"
    fresh = cached.exists() and time.time() - cached.stat().st_mtime < CACHE_DAYS * 86400
    if fresh and not rebuild:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        return f"reused from {cached}"
    start = time.perf_counter()
    tracking.build_search(work, env, apps, tracking.Shape())
    built = time.perf_counter() - start
    with closing(sqlite3.connect(target)) as conn:  # everything in the file, none in the WAL
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(target, cached.with_suffix(".tmp"))
    cached.with_suffix(".tmp").replace(cached)
    return f"built in {built:.0f} s, kept in {cached}"


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


def miss_ms(env: dict[str, str]) -> float:
    """One render of the Today page from the database, as on a cache miss (median, ms)."""
    from datetime import UTC, datetime

    from afterview.web import pages
    from afterview.web.app import WebSettings, create_app

    app = create_app(WebSettings(f"sqlite:///{env['AFTERVIEW_HOME']}/afterview.db"))
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    pages._render_today(app, now)  # warm: schema check, template compiled
    times = []
    for _ in range(MISSES):
        start = time.perf_counter()
        pages._render_today(app, now)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def server_stack() -> str:
    """What uvicorn runs on: it picks uvloop and httptools when they are installed."""
    found = [m for m in ("uvloop", "httptools") if importlib.util.find_spec(m)]
    return " + ".join(found) if found else "asyncio + h11"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true", help="build a new database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="afterview-web-") as tmp:
        work = Path(tmp)
        env = tracking.environment(work, work / "afterview")
        (work / "home").mkdir()
        tracking.log(f"database: {database(work, env, args.apps, args.rebuild)}")
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
        miss = miss_ms(env)
    report(args.apps, today, trivial, miss)


def report(
    apps: int, today: list[dict[str, float]], trivial: list[dict[str, float]], miss: float
) -> None:
    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    ratio = med(today, "rps") / med(trivial, "rps")
    print(
        f"{apps:,} applications, {CLIENTS} clients, {ROUNDS} alternating rounds of "
        f"{SECONDS} s, medians; uvicorn on {server_stack()}"
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
    print(f"A cache miss (one render of the Today page, in process): {miss:.1f} ms")


if __name__ == "__main__":
    main()
