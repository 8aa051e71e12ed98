"""``python -m afterview`` and the ``afterview`` console script."""

from __future__ import annotations


def main() -> None:
    from afterview.cli import run

    raise SystemExit(run())


if __name__ == "__main__":
    main()
