"""CLI start-up: ``afterview --version`` against ``python -c pass`` (target: <= 150 ms median).

Both run with the real interpreter of the virtual environment (not a shell shim), many
times, alternating, so that machine noise hits both sides alike.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 30


def _once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def run() -> dict[str, float]:
    python = sys.executable
    script = str(Path(python).parent / "afterview")
    cli, bare = [], []
    for _ in range(RUNS):
        cli.append(_once([script, "--version"]))
        bare.append(_once([python, "-c", "pass"]))
    t_cli, t_bare = statistics.median(cli), statistics.median(bare)
    return {
        "cli_version_ms": t_cli * 1000,
        "python_pass_ms": t_bare * 1000,
        "ratio": t_cli / t_bare,
    }


if __name__ == "__main__":
    print(run())
