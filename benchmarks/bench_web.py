"""Every page under load: 10,000 applications, 16 concurrent clients (wrk on loopback).

Targets: every page's p95 latency ≤ 50 ms, with a trivial endpoint of the same app
(``/api/health``) measured in the same run as the baseline; the first Insights page right
after the import ≤ 2 s, later ones ≤ 200 ms; the server's resident memory ≤ 200 MB after
the whole run. Rounds alternate over every page and the baseline so that machine noise
hits them alike; medians over the rounds.

The server is ``afterview serve`` as a user starts it, on the database of the tracked-search
benchmark (``bench_tracking_data.py``), written by ``afterview import`` of its archive.
Building it takes a minute or more, so it is kept in the temporary folder
(``afterview-bench-web/``) and reused for a day by later runs with the same size and the
same code that writes it (``--rebuild`` forces a new one); each run serves a fresh copy that
nothing has read yet, so its first Insights page is the first one after the import. wrk
sends no cookie, so every request is a new browser: it gets a new CSRF token and cookie.

The Today page is served from the page cache (``afterview.web.cache``) while the data and
the minute stay the same, so the cost of a miss is measured too: the page rendered in this
process from the same database, as the server does on a miss.

To measure another version of the code, put its ``src`` first on ``PYTHONPATH``: the server,
the import and the in-process render all use it, and the database is built by it.

Needs Debian's ``wrk``. Run: ``.venv/bin/python benchmarks/bench_web.py [--apps N]``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_tracking as tracking

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("wrk_report.lua")
AFTERVIEW = str(Path(sys.executable).parent / "afterview")
CLIENTS, THREADS, SECONDS, ROUNDS = 16, 2, 4, 3
CACHE = Path(tempfile.gettempdir()) / "afterview-bench-web"
CACHE_DAYS = 1.0  # the data is spread around the day it was built: keep it fresh
MISSES = 15
# A page whose answers take longer, even warm, is timed one request at a time, SLOW_RUNS times,
# rather than loaded: 16 clients would queue minutes of work and starve every later page.
SLOW_MS, SLOW_RUNS = 2000, 3
WRK = ("wrk", f"-t{THREADS}", f"-c{CLIENTS}", "--timeout", "30s")
LOAD_BEFORE = " ".join(f"{x:.1f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def package() -> Path:
    """The afterview package the server will run (``PYTHONPATH`` first, as in the server)."""
    spec = importlib.util.find_spec("afterview")
    assert spec is not None
    assert spec.origin is not None
    return Path(spec.origin).parent


def data_key(apps: int) -> str:
    """What the database depends on: its size, the generator, the schema, and the code that
    writes an import (the archive, the question index)."""
    digest = hashlib.sha256()
    code = package()
    for path in (
        ROOT / "benchmarks" / "bench_tracking_data.py",
        code / "storage" / "db.py",
        code / "storage" / "learning_repo.py",
        code / "services" / "archive.py",
        *sorted((code / "storage" / "migrations").rglob("*.py")),
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


def load(url: str, seconds: int = SECONDS, headers: tuple[str, ...] = ()) -> dict[str, float]:
    """``url`` under CLIENTS connections for ``seconds`` (each of ``headers``, such as
    ``Authorization: Bearer …``, sent with every request)."""
    sent = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        [*WRK, *sent, f"-d{seconds}s", "-s", str(LUA), url],
        capture_output=True,
        text=True,
        check=True,
    )
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    result: dict[str, float] = json.loads(line)
    if result["errors"]:  # a failed request, or one over 30 s: counted in the table
        tracking.log(f"{url}: {result['errors']} errors under load")
    return result


def miss_ms(env: dict[str, str]) -> float:
    """One render of the Today page from the database, as on a cache miss (median, ms)."""
    from datetime import UTC, datetime

    from afterview.web import pages
    from afterview.web.app import WebSettings, create_app
    from afterview.wiring import local_work

    app = create_app(WebSettings(f"sqlite:///{env['AFTERVIEW_HOME']}/afterview.db"))
    work = local_work(app.state.db)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    pages._today_cache(app)  # as the server's first request: reads the mail settings once
    pages._render_today(app, work, now)  # warm: schema check, template compiled
    times = []
    for _ in range(MISSES):
        start = time.perf_counter()
        pages._render_today(app, work, now)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def server_stack() -> str:
    """What uvicorn runs on: it picks uvloop and httptools when they are installed."""
    found = [m for m in ("uvloop", "httptools") if importlib.util.find_spec(m)]
    return " + ".join(found) if found else "asyncio + h11"


def pages(db: Path, base: str, opener: Callable[[str], str] | None = None) -> dict[str, str]:
    """Every page and the JSON API, on an application that has an interview and a plan
    (``opener`` reads a page by its path; by default over HTTP from ``base``)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        app_id = conn.execute(
            """SELECT a.id FROM applications a JOIN actions x ON x.application_id = a.id
               WHERE a.status = 'interviewing' AND x.kind = 'thank_you'
               ORDER BY a.id LIMIT 1"""
        ).fetchone()[0]
    if opener is None:
        with urllib.request.urlopen(base + "/settings", timeout=60) as answer:
            settings = answer.read().decode()
    else:
        settings = opener("/settings")
    feed = re.search(r"/calendar/[A-Za-z0-9_-]+\.ics", settings)
    if feed is None:
        raise SystemExit("the Settings page shows no calendar feed address")
    return {
        "Today `/`": "/",
        "applications `/applications`": "/applications",
        "application `/applications/ID`": f"/applications/{app_id}",
        "drafts `/applications/ID/drafts`": f"/applications/{app_id}/drafts",
        "debrief `/applications/ID/debrief`": f"/applications/{app_id}/debrief",
        "insights `/insights`": "/insights",
        "questions `/questions`": "/questions",
        "outbox `/outbox`": "/outbox",
        "inbox `/inbox`": "/inbox",
        "settings `/settings`": "/settings",
        "calendar feed `/calendar/TOKEN.ics`": feed.group(0),
        "API agenda `/api/agenda`": "/api/agenda",
        "API application `/api/applications/ID`": f"/api/applications/{app_id}",
        "API applications `/api/applications`": "/api/applications",
    }


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server; kill it if it is still busy with a long request after a while."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def first_ms(url: str) -> float:
    """One request, timed from this process (the first one: nothing cached yet)."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as answer:
        answer.read()
        if answer.status != 200:
            raise SystemExit(f"{url}: HTTP {answer.status}")
    return (time.perf_counter() - start) * 1000


def rss_mb(pid: int) -> float:
    """The process's resident memory (Linux ``/proc``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true", help="build a new database")
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds over every page")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    tracking.log(f"code: {package()}")
    with tempfile.TemporaryDirectory(prefix="afterview-web-") as tmp:
        work = Path(tmp)
        env = tracking.environment(work, work / "afterview")
        (work / "home").mkdir()
        tracking.log(f"database: {database(work, env, args.apps, args.rebuild)}")
        port = free_port()
        server = start_server(env, port)
        try:
            base = f"http://127.0.0.1:{port}"
            memory = {"started": rss_mb(server.pid)}
            firsts = {"insights": first_ms(base + "/insights")}
            firsts["insights, again"] = first_ms(base + "/insights")
            firsts["questions"] = first_ms(base + "/questions")
            tracking.log(f"first requests (ms): {json.dumps(firsts)}")
            urls = pages(Path(env["AFTERVIEW_HOME"]) / "afterview.db", base)
            if args.only:
                urls = {k: v for k, v in urls.items() if args.only in k}
            slow: dict[str, list[float]] = {}
            for name, path in list(urls.items()):  # each answers, and is warm
                if min(first_ms(base + path), first_ms(base + path)) > SLOW_MS:  # even warm
                    slow[name] = [first_ms(base + path) for _ in range(SLOW_RUNS)]
                    tracking.log(f"{name}: too slow to load, {slow[name]} ms one at a time")
                    del urls[name]
                else:
                    load(base + path, seconds=1)
            results: dict[str, list[dict[str, float]]] = {"trivial `/api/health`": []}
            for _ in range(args.rounds):
                results["trivial `/api/health`"].append(load(base + "/api/health"))
                for name, path in urls.items():
                    results.setdefault(name, []).append(load(base + path))
                    tracking.log(f"{name}: {json.dumps(results[name][-1])}")
            memory["after the run"] = rss_mb(server.pid)
            tracking.log(f"memory (MB): {json.dumps(memory)}")
        finally:
            stop(server)
        miss = miss_ms(env)
    report(args.apps, args.rounds, results, slow, firsts, memory, miss)


def report(
    apps: int,
    rounds: int,
    results: dict[str, list[dict[str, float]]],
    slow: dict[str, list[float]],
    firsts: dict[str, float],
    memory: dict[str, float],
    miss: float,
) -> None:
    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    print(
        f"{apps:,} applications, {CLIENTS} clients, {rounds} alternating rounds of "
        f"{SECONDS} s per page, medians; uvicorn on {server_stack()}; "
        f"load average before the run {LOAD_BEFORE}"
    )
    print("| endpoint | p50 | p95 | p99 | requests/s | errors |")
    print("|---|---|---|---|---|---|")
    for name, rows in results.items():
        print(
            f"| {name} | {med(rows, 'p50_ms'):.1f} ms | {med(rows, 'p95_ms'):.1f} ms | "
            f"{med(rows, 'p99_ms'):.1f} ms | {med(rows, 'rps'):,.0f} | "
            f"{sum(int(r['errors']) for r in rows)} |"
        )
    for name, times in slow.items():
        shown = statistics.median(times)
        print(f"| {name} | {shown:,.0f} ms alone | — | — | not loaded (over {SLOW_MS} ms) | — |")
    worst = max((n for n in results if "health" not in n), key=lambda n: med(results[n], "p95_ms"))
    print(f"\nSlowest p95: {worst} {med(results[worst], 'p95_ms'):.1f} ms (target ≤ 50 ms)")
    for name, ms in firsts.items():
        print(f"First request to {name} after the import: {ms:,.0f} ms")
    print(
        f"Server memory (RSS): {memory['started']:.0f} MB at start, "
        f"{memory['after the run']:.0f} MB after the run (target ≤ 200 MB)"
    )
    print(f"A cache miss (one render of the Today page, in process): {miss:.1f} ms")


if __name__ == "__main__":
    main()
