"""CLI start-up: ``afterview plan FILE`` and ``afterview --version`` against ``python -c pass``.

Targets: ``plan FILE`` ≤ 100 ms and ``--version`` ≤ 150 ms (medians). All run with the real
interpreter of the virtual environment (not a shell shim), many times, alternating, so that
machine noise hits every side alike; the bare interpreter's time is the baseline of the
same run. Compiled bytecode is allowed to be written and is warmed first, as on a user's
machine (a ``PYTHONDONTWRITEBYTECODE`` in the environment would otherwise make every run
compile the modules changed since the last install). Data goes to a temporary folder.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 30
ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "examples" / "panel-interview.yaml"


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run, in ms."""
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - start) * 1000, (_cpu() - cpu) * 1000


def run(runs: int = RUNS) -> dict[str, tuple[float, float]]:
    """Each command's median wall time and median CPU time (ms)."""
    python = sys.executable
    script = str(Path(python).parent / "afterview")
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "afterview --version": [script, "--version"],
        "afterview plan FILE": [script, "plan", str(FILE), "--now", "2026-11-20T16:00"],
    }
    with tempfile.TemporaryDirectory(prefix="afterview-startup-") as home:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(HOME=home, AFTERVIEW_HOME=home)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for argv in commands.values():  # warm: bytecode written, holiday cache made
            _once(argv, env)
        for _ in range(runs):
            for name, argv in commands.items():
                times[name].append(_once(argv, env))
    return {
        name: (statistics.median(w for w, _ in ms), statistics.median(c for _, c in ms))
        for name, ms in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    medians = run(args.runs)
    bare, bare_cpu = medians["python -c pass"]
    print(f"{args.runs} alternating runs, medians; load average before the run {load}")
    print("| command | wall | over `python -c pass` | CPU (user + system) | target (wall) |")
    print("|---|---|---|---|---|")
    targets = {"afterview --version": "≤ 150 ms", "afterview plan FILE": "≤ 100 ms"}
    for name, (wall, cpu) in medians.items():
        print(
            f"| `{name}` | {wall:.0f} ms | +{wall - bare:.0f} ms | {cpu:.0f} ms "
            f"(+{cpu - bare_cpu:.0f}) | {targets.get(name, '')} |"
        )


if __name__ == "__main__":
    main()
