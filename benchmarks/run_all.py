"""Run every benchmark and print the results as Markdown for docs/PERFORMANCE.md."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_lint, bench_plan, bench_startup


def main() -> None:
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{platform.system()} — medians\n"
    )
    plan = bench_plan.run()
    print(
        f"- plan 10,000 interviews: {plan['plan_10000_s']:.3f} s "
        f"(baseline {plan['baseline_s']:.3f} s, ratio {plan['ratio']:.1f})"
    )
    lint = bench_lint.run()
    print(
        f"- lint 1,000 notes: {lint['lint_1000_s']:.3f} s = {lint['notes_per_s']:.0f} notes/s "
        f"(baseline {lint['baseline_s']:.4f} s, ratio {lint['ratio']:.0f})"
    )
    start = bench_startup.run()
    print(
        f"- `afterview --version`: {start['afterview --version'][0]:.0f} ms; "
        f"`afterview plan FILE`: {start['afterview plan FILE'][0]:.0f} ms; "
        f"`python -c pass`: {start['python -c pass'][0]:.0f} ms"
    )


if __name__ == "__main__":
    main()
