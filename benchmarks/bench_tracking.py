"""The tracked search at scale: 10,000 applications, next to Taskwarrior with 10,000 tasks.

Targets: ``afterview agenda`` no slower than ``task next`` (ratio <= 1.0); ``afterview add
examples/panel-interview.yaml`` <= 300 ms with 10,000 applications stored; ``afterview
export --format json`` of the whole search <= 5 s.

Method. Both data sets are built in one temporary folder (``bench_tracking_data.py`` says
how): the afterview search as one JSON export loaded with ``afterview import``, then counted
with sqlite3; the Taskwarrior list with ``task import``. Every command runs as its own
process, with the virtual environment's interpreter, output to /dev/null, and HOME,
AFTERVIEW_HOME, TASKRC and TASKDATA pointing into the temporary folder (and
AFTERVIEW_DATABASE_URL / DATABASE_URL unset), so no real home is read or written. The
commands of one benchmark run in rounds, each once a round, in an order that rotates from
round to round, after untimed warm-ups: machine noise then hits every side alike. Each
gets a median and a 90th percentile; ``python -c pass`` in the agenda rounds is the floor
any Python command pays. (hyperfine runs one command's repetitions back to back, so it
cannot alternate; it is not used.)

``add`` re-adds the same file to a copy of the 10,000-application database each time: the
first warm-up stores the application, each later add replaces that interview and replans,
which is what adding a file does to a search that already holds it. The same re-add into a
database holding only that file's applications shows what the size costs.

Run ``.venv/bin/python benchmarks/bench_tracking.py`` (``--help`` for the options). It
prints a Markdown section and writes it into docs/PERFORMANCE.md, replacing only the
section "Tracked search (10,000 applications)".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_tracking_data as data

ROOT = data.ROOT
DOCS = ROOT / "docs" / "PERFORMANCE.md"
HEADING = "## Tracked search (10,000 applications)"
WIDTH = 92  # the line length of docs/PERFORMANCE.md
BIN = Path(sys.executable).parent  # the virtual environment's bin folder
PYTHON, AFTERVIEW = str(BIN / "python"), str(BIN / "afterview")
TASK = shutil.which("task") or "/usr/bin/task"
EXAMPLE = ROOT / "examples" / "panel-interview.yaml"
PAGE = ("rc.defaultheight=64", "rc.defaultwidth=120")  # a page of about 60 tasks
UNSET = ("AFTERVIEW_DATABASE_URL", "DATABASE_URL", "AFTERVIEW_HOME", "TASKRC", "TASKDATA")


def log(message: str) -> None:
    print(f"[bench_tracking] {message}", file=sys.stderr, flush=True)


# -- running and timing commands ----------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str
    argv: list[str]
    env: dict[str, str]


@dataclass(frozen=True)
class Stats:
    median: float
    p90: float
    runs: int

    @classmethod
    def of(cls, times: list[float]) -> Stats:
        return cls(statistics.median(times), statistics.quantiles(times, n=10)[-1], len(times))


def environment(work: Path, afterview_home: Path) -> dict[str, str]:
    """This process's environment, with every data location inside ``work``."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(
        HOME=str(work / "home"),
        AFTERVIEW_HOME=str(afterview_home),
        TASKRC=str(work / "taskrc"),
        TASKDATA=str(work / "task"),
    )
    return env


def execute(command: Command, *, capture: bool = False) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command.argv,
        env=command.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command.argv)} failed: {result.stderr.strip()}")
    return result


def _seconds(command: Command) -> float:
    start = time.perf_counter()
    execute(command)
    return time.perf_counter() - start


def alternate(commands: list[Command], runs: int, warmup: int) -> dict[str, Stats]:
    """Time each command ``runs`` times in rotating rounds, after ``warmup`` rounds."""
    for _ in range(warmup):
        for command in commands:
            execute(command)
    times: dict[str, list[float]] = {c.name: [] for c in commands}
    for r in range(runs):
        k = r % len(commands)
        for command in commands[k:] + commands[:k]:
            times[command.name].append(_seconds(command))
    return {name: Stats.of(values) for name, values in times.items()}


# -- building the data sets ---------------------------------------------------------------


@dataclass
class Shape:
    """What was built, for the docs."""

    counts: dict[str, int] = field(default_factory=dict)
    build_s: dict[str, float] = field(default_factory=dict)
    sizes_mb: dict[str, float] = field(default_factory=dict)


def build_search(work: Path, env: dict[str, str], n: int, shape: Shape) -> None:
    start = time.perf_counter()
    candidate, by_outcome = data.templates(work)
    export = data.search_export(candidate, by_outcome, now=datetime.now(UTC), n=n)
    path = work / "search.json"
    shape.sizes_mb["export file"] = data.write_json(export, path) / 1e6
    del export
    shape.build_s["generate the export"] = time.perf_counter() - start
    log(f"generated {path} in {shape.build_s['generate the export']:.0f} s; importing it")
    start = time.perf_counter()
    execute(Command("import", [AFTERVIEW, "import", str(path)], env))
    shape.build_s["afterview import"] = time.perf_counter() - start
    db = Path(env["AFTERVIEW_HOME"]) / "afterview.db"
    shape.counts.update(count_rows(db))
    shape.sizes_mb["database"] = db.stat().st_size / 1e6
    if shape.counts["applications"] != n or shape.counts["interviews"] != n * data.ROUNDS:
        raise RuntimeError(f"the import stored {shape.counts}, not {n} applications")
    agenda = json.loads(
        execute(Command("agenda", [AFTERVIEW, "agenda", "--json"], env), capture=True).stdout
    )
    for section in ("due", "coming", "waiting"):
        shape.counts[f"agenda {section}"] = agenda[section]["total"]


def count_rows(db: Path) -> dict[str, int]:
    """Rows per table, and plan steps and applications per status (read-only)."""
    out: dict[str, int] = {}
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        for table in ("applications", "interviews", "actions", "history"):
            out[table] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("applications", "actions"):
            sql = f"SELECT status, COUNT(*) FROM {table} GROUP BY status ORDER BY 2 DESC"
            for status, n in conn.execute(sql):
                out[f"{table} {status}"] = n
    return out


def build_taskwarrior(work: Path, env: dict[str, str], n: int, shape: Shape) -> None:
    start = time.perf_counter()
    (work / "task").mkdir()
    Path(env["TASKRC"]).write_text(
        f"data.location={work / 'task'}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n",
        encoding="utf-8",
    )
    tasks = data.tasks(datetime.now(UTC), n)
    data.write_json(tasks, work / "tasks.json")
    execute(Command("task import", [TASK, "import", str(work / "tasks.json")], env))
    shape.build_s["task import"] = time.perf_counter() - start
    for name, filter_ in (
        ("pending", "( status:pending or status:waiting )"),
        ("waiting", "+WAITING"),
    ):
        count = Command("count", [TASK, filter_, "count"], env)
        shape.counts[f"tasks {name}"] = int(execute(count, capture=True).stdout)
    if shape.counts["tasks pending"] != n:
        raise RuntimeError(f"task import stored {shape.counts['tasks pending']} tasks, not {n}")


# -- the benchmarks -----------------------------------------------------------------------


def bench_agenda(env: dict[str, str], runs: int) -> dict[str, Stats]:
    log(f"agenda: {runs} rounds")
    commands = [
        Command("agenda", [AFTERVIEW, "agenda"], env),
        Command("agenda -m", [PYTHON, "-m", "afterview", "agenda"], env),
        Command("task next", [TASK, *PAGE, "next"], env),
        Command("python -c pass", [PYTHON, "-c", "pass"], env),
    ]
    return alternate(commands, runs, warmup=3)


def bench_export(env: dict[str, str], runs: int) -> dict[str, Stats]:
    log(f"export: {runs} rounds")
    commands = [
        Command("export", [AFTERVIEW, "export", "--format", "json"], env),
        Command("task export", [TASK, "export"], env),
    ]
    return alternate(commands, runs, warmup=1)


def bench_add(work: Path, env: dict[str, str], runs: int) -> dict[str, Stats]:
    """Re-adding the example: to a copy of the big database, and to a small one."""
    log(f"add: {runs} rounds")
    big, small = work / "add-big", work / "add-small"
    big.mkdir()
    with (
        closing(sqlite3.connect(Path(env["AFTERVIEW_HOME"]) / "afterview.db")) as src,
        closing(sqlite3.connect(big / "afterview.db")) as dst,
    ):
        src.backup(dst)
    task_add = [TASK, "add", "thank-you note: Northwind Robotics", "due:tomorrow", "+thank_you"]
    commands = [
        Command("add", [AFTERVIEW, "add", str(EXAMPLE)], environment(work, big)),
        Command("add small", [AFTERVIEW, "add", str(EXAMPLE)], environment(work, small)),
        Command("task add", [*task_add, "project:jobs.robotics"], env),
    ]
    return alternate(commands, runs, warmup=3)


# -- the report ---------------------------------------------------------------------------


def _time(s: Stats) -> str:
    if s.median >= 2:
        return f"{s.median:.1f} s (p90 {s.p90:.1f})"
    return f"{s.median * 1000:.0f} ms (p90 {s.p90 * 1000:.0f})"


# benchmark, afterview's command, the baseline's, the target, and the target as a test
# on the two medians (afterview, baseline); each command's name is what it runs
_ROWS = (
    ("`afterview agenda`", "agenda", "task next", "ratio ≤ 1.0", lambda a, b: a <= b),
    ("`python -m afterview agenda`", "agenda -m", "task next", "ratio ≤ 1.0", lambda a, b: a <= b),
    ("`afterview agenda`, against start-up", "agenda", "python -c pass", "—", None),
    (
        f"`afterview add {EXAMPLE.name}` (re-add)",
        "add",
        "task add",
        "≤ 300 ms",
        lambda a, _: a <= 0.3,
    ),
    ("the same re-add, into a 4-application database", "add small", "task add", "—", None),
    ("`afterview export --format json`", "export", "task export", "≤ 5 s", lambda a, _: a <= 5),
)


def table(stats: dict[str, Stats]) -> list[str]:
    out = [
        "| benchmark | afterview median | baseline or competitor median (same run) | ratio "
        "| target | met? |",
        "|---|---|---|---|---|---|",
    ]
    for name, ours, theirs, target, test in _ROWS:
        a, b = stats[ours], stats[theirs]
        met = "—" if test is None else ("yes" if test(a.median, b.median) else "**no**")
        ratio = a.median / b.median
        out.append(
            f"| {name} | {_time(a)} | `{theirs}`: {_time(b)} | {ratio:.2f} | {target} | {met} |"
        )
    return out


def section(stats: dict[str, Stats], shape: Shape, args: argparse.Namespace, took: float) -> str:
    c, b, mb = shape.counts, shape.build_s, shape.sizes_mb
    version = subprocess.run([TASK, "--version"], capture_output=True, text=True).stdout.strip()
    apps = ", ".join(f"{n:,} {k.split()[1]}" for k, n in c.items() if k.startswith("applications "))
    steps = ", ".join(f"{n:,} {k.split()[1]}" for k, n in c.items() if k.startswith("actions "))
    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} by `benchmarks/bench_tracking.py`, which took "
        f"{took / 60:.1f} minutes end to end (Python {platform.python_version()}, Taskwarrior "
        f"{version}, {os.cpu_count()} cores). Medians of {args.runs} alternating runs "
        f"({args.export_runs} for the export), 90th percentile in brackets.",
        "",
        *table(stats),
        "",
        "### Data set",
        "",
        f"- afterview: {c['applications']:,} applications ({apps}); {c['interviews']:,} "
        f"interviews, {data.ROUNDS} rounds each; {c['actions']:,} plan steps ({steps}); "
        f"{c['history']:,} history entries. A {mb['database']:.0f} MB SQLite database, "
        f"loaded from a {mb['export file']:.0f} MB export by `afterview import` in "
        f"{b['afterview import']:.0f} s.",
        f"- The agenda as measured: {c['agenda due']:,} steps to do now, {c['agenda coming']:,} "
        f"coming within 7 days, {c['agenda waiting']:,} applications waiting on an employer; "
        "each section prints its first 20.",
        f"- Taskwarrior: {c['tasks pending']:,} pending tasks ({c['tasks waiting']:,} of them "
        "waiting, so not in `task next`), due from 30 days ago to 60 days ahead, 25 projects, "
        "two tags each, half with a priority; `task next` prints a page of about 60 "
        "(`rc.defaultheight=64 rc.defaultwidth=120`).",
        "",
        "### Method",
        "",
        *_METHOD,
        "",
        "### Reproduce",
        "",
        "```sh",
        ".venv/bin/python benchmarks/bench_tracking.py   # --help for the options",
        "```",
    ]
    return "\n".join(_wrap(line) for line in lines) + "\n"


def _wrap(line: str) -> str:
    """Prose and list items wrapped like the rest of the file; tables and code as they are."""
    if not line or line.startswith(("|", "#", "`", ".venv")):
        return line
    indent = "  " if line.startswith("- ") else ""
    kept = re.sub(r"`[^`]*`", lambda m: m[0].replace(" ", "\0"), line)  # code stays whole
    filled = textwrap.fill(kept, WIDTH, subsequent_indent=indent, break_on_hyphens=False)
    return filled.replace("\0", " ")


_METHOD = [
    "- The search is generated from the bundled examples, stored and planned by afterview "
    "itself under five decision phrases, with and without an outcome, then copied in time: "
    "last rounds from a year ago to two weeks ahead, most past steps done, superseded "
    "follow-ups cancelled, older applications mostly rejected (`bench_tracking_data.py`).",
    "- Every command is its own process, run with the virtual environment's interpreter, "
    "output to /dev/null; HOME, AFTERVIEW_HOME, TASKRC and TASKDATA point into a temporary "
    "folder and AFTERVIEW_DATABASE_URL / DATABASE_URL are unset.",
    "- A benchmark's commands run in rounds, each once a round, in an order that rotates "
    "every round, after 3 untimed warm-up rounds (1 for the export).",
    "- `add` re-adds the same file to a copy of the database: the first warm-up stores it, "
    "each timed run replaces that interview and replans, as adding a file again does.",
]


def write_section(path: Path, text: str) -> None:
    """Put ``text`` in place of this benchmark's section (appended the first time)."""
    doc = path.read_text(encoding="utf-8")
    start = doc.find(HEADING)
    if start < 0:
        doc = doc.rstrip("\n") + "\n\n" + text
    else:
        end = doc.find("\n## ", start + len(HEADING))
        doc = doc[:start] + text + ("" if end < 0 else doc[end:])
    path.write_text(doc, encoding="utf-8")


# -- the whole run ------------------------------------------------------------------------


def measure(work: Path, args: argparse.Namespace) -> tuple[dict[str, Stats], Shape]:
    (work / "home").mkdir()
    env = environment(work, work / "afterview")
    shape = Shape()
    log(f"building {args.tasks:,} Taskwarrior tasks in {work}")
    build_taskwarrior(work, env, args.tasks, shape)
    log(f"building {args.apps:,} afterview applications")
    build_search(work, env, args.apps, shape)
    stats = bench_agenda(env, args.runs)
    stats.update(bench_export(env, args.export_runs))
    stats.update(bench_add(work, env, args.runs))
    return stats, shape


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=25, help="timed runs of agenda and add")
    parser.add_argument("--export-runs", type=int, default=5, help="timed runs of export")
    parser.add_argument("--apps", type=int, default=10_000, help="applications (not for docs)")
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks (not for docs)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-docs", action="store_true", help="do not touch PERFORMANCE.md")
    args = parser.parse_args(argv)
    if (args.apps, args.tasks) != (10_000, 10_000):
        args.no_docs = True  # the docs section is about 10,000 of each
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="afterview-bench-"))
    try:
        stats, shape = measure(work, args)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    text = section(stats, shape, args, time.perf_counter() - started)
    print(text)
    if not args.no_docs:
        write_section(DOCS, text)
        log(f"wrote the section to {DOCS}")


if __name__ == "__main__":
    main()
