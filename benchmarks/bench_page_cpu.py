"""What one request of each page costs in CPU, in process, on the 10,000-application database.

With one uvicorn process and 16 clients a request waits for the 15 others, so a page must
cost about 3 ms of CPU to stay near 50 ms p95 under ``bench_web.py``'s load. This measures
that cost without the server, the network or the other clients: the app is built in this
process on a copy of the database ``bench_web.py`` keeps (built the same way if missing), and
each page is requested through httpx's ASGI transport, warm (the kept values already
computed), ``--repeat`` times; the process's CPU time per request is the median. What the
server would run in its thread pool runs here on the one thread (so that cProfile sees it);
the client's own cost is the ``/api/health`` row. ``--profile`` adds each page's top
functions by their own time (cProfile over the same requests).

Run: ``.venv/bin/python benchmarks/bench_page_cpu.py [--only NAME] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_tracking as tracking
from benchmarks import bench_web as web

Get = Callable[..., Any]  # (path, headers=None) -> the answer


def in_process(app: Any) -> Get:
    """A GET of the app on this thread: sync endpoints run inline instead of in the pool."""
    import asyncio

    import fastapi.dependencies.utils
    import fastapi.routing
    import httpx

    async def inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    fastapi.routing.run_in_threadpool = inline  # type: ignore[assignment]
    fastapi.dependencies.utils.run_in_threadpool = inline  # type: ignore[assignment]
    loop = asyncio.new_event_loop()
    # httpx asks for gzip unless told: ask for it only where a page's row does (the feed),
    # and leave that body as sent, since unzipping it is the client's cost, not the page's.
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://127.0.0.1",
        headers={"Accept-Encoding": "identity"},
    )

    async def fetch(path: str, headers: dict[str, str] | None = None) -> Any:
        if not headers:
            return await client.get(path)
        async with client.stream("GET", path, headers=headers) as answer:
            async for _ in answer.aiter_raw():
                pass
            return answer

    return lambda path, headers=None: loop.run_until_complete(fetch(path, headers))


def measure(
    get: Get, path: str, repeat: int, headers: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median CPU and wall time of one warm request, in ms."""
    answer = get(path, headers)
    assert answer.status_code == 200, (path, answer.status_code)
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        get(path, headers)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def profile(
    get: Get, path: str, repeat: int, headers: dict[str, str] | None = None, top: int = 14
) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        get(path, headers)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="afterview-cpu-") as tmp:
        work = Path(tmp)
        env = tracking.environment(work, work / "afterview")
        (work / "home").mkdir()
        tracking.log(f"database: {web.database(work, env, args.apps, False)}")
        os.environ.update(env)  # the app reads its data folder (mail settings) from it
        from afterview.web.app import WebSettings, create_app

        db = Path(env["AFTERVIEW_HOME"]) / "afterview.db"
        app = create_app(WebSettings(f"sqlite:///{db}"))
        get = in_process(app)
        urls = web.pages(db, "", opener=lambda p: get(p).text)
        urls = {"trivial `/api/health`": "/api/health", **urls}
        if args.only:
            urls = {k: v for k, v in urls.items() if args.only in k or "health" in k}
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print("| page | CPU ms | wall ms |\n|---|---|---|")
        for name, path in urls.items():
            cpu, wall = measure(get, path, args.repeat, web.HEADERS.get(name))
            print(f"| {name} | {cpu:.1f} | {wall:.1f} |", flush=True)
        if args.profile:
            for name, path in urls.items():
                print(f"\n## {name}\n{profile(get, path, args.repeat, web.HEADERS.get(name))}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
