"""A career centre's pages over HTTP under 16 clients, with and without row-level security.

The centre of ``bench_caseload.py`` (1,000 seekers × 10 applications; counsellor N granted
access by 50 seekers, W by all 1,000) served by ``afterview serve`` as a user starts it
(uvicorn on 127.0.0.1), loaded with the project's load tool (``bench_web.load``: wrk, 16
connections, 2 threads), each request signed in with a personal API token made by
``afterview users token``:

* ``/api/health``, the trivial baseline of the same server in the same run;
* a seeker's Today page (``/``), one seeker's token on every connection: the page is kept
  per account and data revision (``web/cache.py``), so this is a hit with a sign-in;
* N's and W's caseload page (``/caseload``): every request writes one access-log entry per
  seeker (the read is the seeker's to know of), in the statement that checks who grants
  access now; the caseload and its page are read and rendered again only when the data
  or the clock's place among the caseload's moments changed (``web/caseload.py``).

Two servers run side by side: one with the runtime role's URL (forced row-level security),
one with the server's superuser's URL, which bypasses it; the same database, tokens and
requests. Each round loads every endpoint on one server and then the other, so that the
machine's noise falls on both alike, and waits after each load for the requests wrk left
queued; the medians of the rounds are reported, and the RLS/superuser ratios.

Run it through ``bench_caseload.py`` (which writes both tables into docs/PERFORMANCE.md),
or alone: ``.venv/bin/python benchmarks/bench_centre_web.py --postgres URL``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent / "src")]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_caseload as caseload  # noqa: E402
from benchmarks import bench_web as web  # noqa: E402

ROUNDS = 3
SEEKER = "s1@example.org"  # granted access to both counsellors
ENDPOINTS = {  # name -> (path, the account whose token it sends, or None)
    "trivial `/api/health`": ("/api/health", None),
    "seeker's Today `/`": ("/", SEEKER),
    "caseload `/caseload`, 50 seekers": ("/caseload", "n@example.org"),
    "caseload `/caseload`, 1,000 seekers": ("/caseload", "w@example.org"),
}
AS = {"runtime role (RLS)": "app", "superuser (no RLS)": "super"}
Results = dict[tuple[str, str], list[dict[str, float]]]  # (endpoint, as) -> one per round


def _environment(url: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERVIEW_")}
    env.update(AFTERVIEW_DATABASE_URL=url, AFTERVIEW_HOME=str(home), HOME=str(home))
    return env


def token(url: str, email: str, home: Path) -> str:
    """A new personal API token for ``email``, as the administrator makes one."""
    out = subprocess.run(
        [web.AFTERVIEW, "users", "token", email],
        env=_environment(url, home),
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def _headers(tokens: dict[str, str], account: str | None) -> dict[str, str]:
    return {} if account is None else {"Authorization": f"Bearer {tokens[account]}"}


def _settle(url: str, headers: dict[str, str]) -> None:
    """One more request to ``url``, answered after those wrk left queued in the server's
    thread pool when it stopped: the next load starts on an idle server."""
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=600) as answer:
        answer.read()


def log(message: str) -> None:
    print(f"[bench_centre_web] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def serving(urls: dict[str, str]) -> Iterator[dict[str, str]]:
    """``afterview serve`` on each database URL at once (label -> URL), each in a home of
    its own; yields label -> the server's base address."""
    with contextlib.ExitStack() as stack:
        bases = {}
        for label, url in urls.items():
            home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="av-centre-")))
            port = web.free_port()
            server = web.start_server(_environment(url, home), port)
            stack.callback(web.stop, server)
            bases[label] = f"http://127.0.0.1:{port}"
        yield bases


def measure(urls: dict[str, str], rounds: int = ROUNDS, seconds: int = web.SECONDS) -> Results:
    """Every endpoint as each of ``urls`` ({"app": runtime URL, "super": superuser URL}):
    both servers run at once, and each round loads every endpoint on one, then the other,
    so that the machine's noise falls on both alike."""
    with tempfile.TemporaryDirectory(prefix="afterview-centre-tokens-") as tmp:
        accounts = {account for _, account in ENDPOINTS.values() if account}
        tokens = {email: token(urls["app"], email, Path(tmp)) for email in sorted(accounts)}
    results: Results = {}
    with serving({label: urls[key] for label, key in AS.items()}) as bases:
        for base in bases.values():  # each answers, and is warm
            for path, account in ENDPOINTS.values():
                web.load(base + path, 1, _headers(tokens, account))
                _settle(base + path, _headers(tokens, account))
        for _ in range(rounds):
            for name, (path, account) in ENDPOINTS.items():
                for label, base in bases.items():
                    found = web.load(base + path, seconds, _headers(tokens, account))
                    _settle(base + path, _headers(tokens, account))
                    results.setdefault((name, label), []).append(found)
                    log(f"{name}, {label}: {found}")
    return results


def _median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def report(results: Results, rounds: int = ROUNDS, seconds: int = web.SECONDS) -> list[str]:
    """The Markdown table of ``results``, with the RLS/superuser ratio of each p95."""
    lines = [
        f"Over HTTP (`benchmarks/bench_centre_web.py`): `afterview serve` (uvicorn on "
        f"{web.server_stack()}, 127.0.0.1), {web.CLIENTS} clients (wrk, {web.THREADS} "
        f"threads), each request signed in with a personal API token; {rounds} alternating "
        f"rounds of {seconds} s per endpoint, medians of the rounds. Load average before the "
        f"run: {web.LOAD_BEFORE} (2 cores, shared).",
        "",
        "| endpoint | as | p50 | p95 | p99 | requests/s | errors | p95 RLS / superuser |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    labels = list(AS)
    for name in ENDPOINTS:
        for label in labels:
            rows = results[(name, label)]
            ratio = _median(rows, "p95_ms") / _median(results[(name, labels[1])], "p95_ms")
            shown = f"{ratio:.2f}" if label == labels[0] else ""
            lines.append(
                f"| {name} | {label} | {_median(rows, 'p50_ms'):.1f} ms | "
                f"{_median(rows, 'p95_ms'):.1f} ms | {_median(rows, 'p99_ms'):.1f} ms | "
                f"{_median(rows, 'rps'):,.0f} | {sum(int(r['errors']) for r in rows)} | {shown} |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", required=True, help="a role that may create databases")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--seconds", type=int, default=web.SECONDS, help="per endpoint")
    args = parser.parse_args()
    with caseload.centre(args.postgres) as (owner_url, app_url, super_url):
        caseload.fill(owner_url)
        results = measure({"app": app_url, "super": super_url}, args.rounds, args.seconds)
    print("\n".join(report(results, args.rounds, args.seconds)))


if __name__ == "__main__":
    main()
