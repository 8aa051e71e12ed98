"""A disk cache of public holidays, so commands need not load the ``holidays`` package.

Importing ``holidays`` loads the rules of every country (about half a second on a small
machine), and most commands need the holidays of one place only. The first command that
needs a place computes a span of years (``SPAN`` around the years asked for) and writes
them to ``<data folder>/cache/holidays-<package stamp>-<country>-<subdivision>.json``;
later commands read that small file. A reinstalled or upgraded package uses new files, and
a damaged file is simply computed again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from afterview.domain.business_days import HolidaySource, PackageHolidays

SPAN = 5  # years computed on each side of what is asked for


class CachedHolidays:
    def __init__(self, folder: Callable[[], Path], source: HolidaySource | None = None) -> None:
        self._folder = folder
        self._source = source or PackageHolidays()

    def holidays(
        self, country: str, subdivision: str | None, years: range, optional: bool = False
    ) -> dict[date, str]:
        path = self._path(country, subdivision, optional)
        cached = _read(path)
        if cached is not None:
            first, last, days = cached
            if first <= years.start and years.stop - 1 <= last:
                return {d: n for d, n in days.items() if years.start <= d.year < years.stop}
        first = min(years.start, years.stop - 1 - SPAN)
        last = max(years.stop - 1, years.start + SPAN)
        if cached is not None:
            first, last = min(first, cached[0]), max(last, cached[1])
        days = self._source.holidays(country, subdivision, range(first, last + 1), optional)
        _write(path, first, last, days)
        return {d: n for d, n in days.items() if years.start <= d.year < years.stop}

    def _path(self, country: str, subdivision: str | None, optional: bool) -> Path:
        place = f"{country}-{subdivision or 'all'}{'-optional' if optional else ''}"
        place = place.replace("/", "_")
        return self._folder() / "cache" / f"holidays-{_package_stamp()}-{place}.json"


def _package_stamp() -> str:
    """Changes when the ``holidays`` package is upgraded, without importing it.

    (``importlib.metadata.version`` would cost more start-up time than the cache saves, and
    ``importlib.util.find_spec`` imports more than the search of ``sys.path`` it comes to.)
    """
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("holidays")
    if spec is None or spec.origin is None:
        return "none"
    return str(os.stat(spec.origin).st_mtime_ns)


def _read(path: Path) -> tuple[int, int, dict[date, str]] | None:
    # msgspec, not the json module: whoever needs holidays is planning and has msgspec
    # loaded already, and importing json would add a millisecond to `afterview plan`
    from msgspec import json

    try:
        data = json.decode(path.read_bytes())
        days = {date.fromisoformat(k): str(v) for k, v in data["days"].items()}
        return int(data["first"]), int(data["last"]), days
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, first: int, last: int, days: dict[date, str]) -> None:
    """Write atomically, so a reader never sees half a file; a read-only disk is fine."""
    import tempfile

    from msgspec import json

    data = {"first": first, "last": last, "days": {d.isoformat(): n for d, n in days.items()}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(json.encode(data))
        os.replace(tmp, path)
    except OSError:
        pass  # the cache is an optimisation; without it the answer is the same
