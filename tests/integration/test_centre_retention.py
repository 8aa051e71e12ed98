"""Retention on PostgreSQL, as the runtime role with a frozen now: ``afterview centre purge``
warns an account whose closed search has been idle for the period, purges the search 30
days later if still idle, keeps the account, and leaves open searches alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from afterview.domain.actor import Actor
from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.storage.db import Database
from afterview.storage.work import Work
from tests.conftest import EXAMPLES
from tests.integration.centre_support import ADDED, Centre, centre, cli, roles, sql

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

LATER = ADDED + timedelta(days=2 * 365 + 40)  # past 24 months of inactivity


def _seeker(centre: Centre, email: str, *, closed: bool) -> int:
    argv = ["users", "add", email, "--role", "seeker", "--password-stdin"]
    assert cli(argv, centre.app_url, "long enough password\n")[0] == 0
    with sql(centre.owner_url) as conn:
        row = conn.execute("SELECT id FROM owners WHERE email = %s", (email,)).fetchone()
    owner = int(row["id"])
    data = read_data(EXAMPLES / "phone-screen.yaml")
    tracking.add(Work(Database(centre.app_url), Actor.seeker(owner)), data, source="t", now=ADDED)
    if closed:
        with sql(centre.owner_url) as conn:
            conn.execute(
                "UPDATE applications SET status = 'rejected' WHERE owner_id = %s", (owner,)
            )
            conn.commit()
    return owner


def _purge(centre: Centre, now: object, *more: str) -> str:
    code, out, err = cli(
        ["centre", "purge", "--now", str(now).replace(" ", "T"), *more], centre.app_url, ""
    )
    assert (code, err) == (0, ""), err
    return out


def _count(centre: Centre, table: str, owner: int) -> int:
    with sql(centre.owner_url) as conn:
        row = conn.execute(f"SELECT COUNT(*) AS n FROM {table} WHERE owner_id = %s", (owner,))
        return int(row.fetchone()["n"])


def _warned(centre: Centre, owner: int) -> Any:
    with sql(centre.owner_url) as conn:
        query = "SELECT email, retention_warned_at AS at FROM owners WHERE id = %s"
        return conn.execute(query, (owner,)).fetchone()


def test_an_idle_closed_search_is_warned_then_purged_30_days_later_keeping_the_account(
    centre: Centre,
) -> None:
    idle = _seeker(centre, "idle@example.org", closed=True)
    active = _seeker(centre, "open@example.org", closed=False)

    assert "0 warned, 0 purged" in _purge(centre, ADDED + timedelta(days=300))
    dry = _purge(centre, LATER, "--dry-run")
    assert f"account {idle}: would warn" in dry
    assert _warned(centre, idle)["at"] is None

    out = _purge(centre, LATER)
    assert f"account {idle}: warned" in out
    assert f"account {active}" not in out
    assert _warned(centre, idle)["at"] == LATER

    assert f"account {idle}: waiting" in _purge(centre, LATER + timedelta(days=29))
    assert _count(centre, "applications", idle) > 0

    purged = _purge(centre, LATER + timedelta(days=31))
    assert f"account {idle}: purged" in purged
    assert "applications" in purged
    assert _count(centre, "applications", idle) == 0
    assert _count(centre, "interviews", idle) == 0
    assert _warned(centre, idle) == {"email": "idle@example.org", "at": None}
    assert _count(centre, "applications", active) > 0


def test_activity_after_the_warning_means_a_new_warning_not_a_purge(centre: Centre) -> None:
    idle = _seeker(centre, "idle@example.org", closed=True)
    _purge(centre, LATER)
    with sql(centre.owner_url) as conn:  # the person came back and changed something
        conn.execute(
            "UPDATE applications SET updated_at = %s WHERE owner_id = %s",
            (LATER + timedelta(days=5), idle),
        )
        conn.commit()
    later = LATER + timedelta(days=5) + timedelta(days=2 * 365 + 40)
    assert f"account {idle}: warned" in _purge(centre, later)
    assert _count(centre, "applications", idle) > 0


def test_purge_refuses_a_bad_period_or_moment_in_one_sentence(
    centre: Centre, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_RETENTION_MONTHS", "0")
    code, _, err = cli(["centre", "purge"], centre.app_url, "")
    assert code == 2
    assert "at least 1" in err
    monkeypatch.delenv("AFTERVIEW_RETENTION_MONTHS")
    code, _, err = cli(["centre", "purge", "--now", "next Tuesday"], centre.app_url, "")
    assert code == 2
    assert "--now: cannot read 'next Tuesday' as a date and time" in err
