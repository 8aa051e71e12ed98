"""``python -m afterview`` and the ``afterview`` console script."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # answered before the command line's libraries load
        from afterview import __version__

        print(f"afterview {__version__}")
        raise SystemExit(0)
    from afterview.cli import run

    raise SystemExit(run())


if __name__ == "__main__":
    main()
