"""``python -m afterview`` and the ``afterview`` console script."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # answered before the command line's libraries load
        from afterview import __version__

        print(f"afterview {__version__}")
        raise SystemExit(0)
    import gc

    # Loading the command line (click and its own modules) makes objects that live as long
    # as the process; the cyclic collector would scan them over and over while they load and
    # free nothing, so it waits, then sets them aside for good and runs for the command as
    # always (docs/PERFORMANCE.md, start-up).
    gc.disable()
    try:
        from afterview.cli import run
    finally:
        gc.freeze()
        gc.enable()
    raise SystemExit(run())


if __name__ == "__main__":
    main()
