"""A separate process that writes to the database in a loop (used by the reliability tests).

Usage: python -m tests.integration.writer URL LABEL COUNT
Logs COUNT calls on application 1 and adds COUNT applications named after LABEL, each
write its own transaction, then prints "done".
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from afterview.services import tracking
from afterview.storage.db import Database
from afterview.storage.repository import create_application
from tests.acting import local


def main(url: str, label: str, count: int) -> None:
    db = Database(url)
    start = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
    for i in range(count):
        at = start + timedelta(minutes=i)
        entry = {
            "kind": "call",
            "to": "Priya Raman",
            "channel": "phone",
            "at": at,
            "about": f"{label}-{i}",
        }
        tracking.log(local(db), 1, entry, now=at)
        with local(db).write() as tx:
            create_application(tx, {"company": f"{label} {i}", "role": "Dev"}, "applied", at)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
