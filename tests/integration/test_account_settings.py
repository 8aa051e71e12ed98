"""Each account plans with its own settings, stored in the database, on SQLite and PostgreSQL.

Two accounts share one database and add the same interview; one changes its send window
and its pipeline target. Their plans differ exactly there, and each account keeps seeing
its own values. A value that is not a setting, of the wrong type or out of range is refused
with one sentence, whether it is typed now or was stored by hand.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.errors import InputError
from afterview.domain.settings import Policy
from afterview.interview_file import read_data
from afterview.services import settings, tracking
from afterview.storage import db as dbmod
from afterview.storage.db import Database
from afterview.storage.work import Work, create_account
from tests.acting import account, local
from tests.conftest import EXAMPLES

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)  # after the Friday panel interview
CHANGED = {"send_window_start": "10", "send_window_end": "12", "pipeline_target": "2"}


def add_panel(work: Work) -> int:
    data = read_data(EXAMPLES / "panel-interview.yaml")
    return tracking.add(work, data, source="panel", now=ADDED).replanned.application_id


def pending(work: Work, app_id: int) -> dict[tuple[str, str | None], datetime | None]:
    """Each pending step of the application: (kind, recipient) -> its send time."""
    with work.read() as tx:
        rows = tx.all(
            "SELECT kind, to_name, send_at FROM actions WHERE application_id = :a "
            "AND owner_id = :o AND status = 'pending'",
            {"a": app_id, "o": tx.owner},
        )
    return {(r["kind"], r["to_name"]): dbmod.to_datetime(r["send_at"]) for r in rows}


@pytest.fixture
def two(db: Database) -> tuple[Work, Work]:
    """The local account and a second one, each with the same panel interview."""
    with local(db).write() as tx:
        other = account(db, create_account(tx, "other", ADDED))
    return local(db), other


def test_two_accounts_plan_with_their_own_settings(two: tuple[Work, Work]) -> None:
    mine, other = two
    saved = settings.update_policy(other, CHANGED, now=ADDED)
    assert set(saved.changed) == set(CHANGED)
    mine_app, other_app = add_panel(mine), add_panel(other)
    assert settings.policy(mine) == Policy()
    assert (settings.policy(other).send_window_start, settings.policy(other).pipeline_target) == (
        10,
        2,
    )
    cited, changed = pending(mine, mine_app), pending(other, other_app)
    # Two other applications are active: below the cited target of three, enough for two.
    assert ("keep_searching", None) in cited
    assert ("keep_searching", None) not in changed
    first = ("follow_up", "Priya Raman")
    assert cited[first] is not None
    assert changed[first] is not None
    assert cited[first].astimezone(TORONTO).hour == 8
    assert changed[first].astimezone(TORONTO).hour == 10
    assert cited[first].date() == changed[first].date()


def test_a_changed_setting_replans_what_is_already_planned(two: tuple[Work, Work]) -> None:
    mine, other = two
    mine_app, other_app = add_panel(mine), add_panel(other)
    before = pending(other, other_app)
    settings.update_policy(mine, {"send_window_start": 9}, now=ADDED)
    moved = pending(mine, mine_app)[("follow_up", "Priya Raman")]
    assert moved is not None
    assert moved.astimezone(TORONTO).hour == 9
    assert pending(other, other_app) == before  # the other account's plan did not move


def test_only_values_that_differ_from_the_defaults_are_stored(db: Database) -> None:
    mine = local(db)
    settings.update_policy(mine, {"pipeline_target": 5, "max_follow_ups": 2}, now=ADDED)
    assert stored(mine) == '{"pipeline_target": 5}'  # two follow-ups is the default
    back = settings.update_policy(mine, {"pipeline_target": None}, now=ADDED)
    assert back.changed == ("pipeline_target",)
    assert back.policy == Policy()
    assert stored(mine) is None
    again = settings.update_policy(mine, {"pipeline_target": "3"}, now=ADDED)
    assert again.changed == ()


def stored(work: Work) -> Any:
    with work.read() as tx:
        row = tx.one("SELECT data FROM account_settings WHERE owner_id = :o", {"o": tx.owner})
    return None if row is None else row["data"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"send_windw_start": "9"},
            "Settings: 'send_windw_start' is not a setting (known: thank_you_hours,",
        ),
        ({"pipeline_target": "three"}, "Settings: pipeline_target must be a number, not 'three'."),
        ({"pipeline_target": "2.5"}, "Settings: pipeline_target must be a whole number, not 2.5."),
        ({"pipeline_target": -1}, "Settings: pipeline_target must be from 0 to 50, not -1."),
        ({"optional_holidays": "maybe"}, "Settings: optional_holidays must be true or false,"),
        ({"near_duplicate_ratio": 2}, "Settings: near_duplicate_ratio must be from 0.05 to 1,"),
        (
            {"send_window_start": 12},
            "Settings: send_window_start (12) must be less than send_window_end (11) for the "
            "send window.",
        ),
        (
            {"send_window_end": 22},
            "Settings: the send window (8:00 to 22:00) must lie within the daytime hours "
            "(8:00 to 20:00).",
        ),
    ],
)
def test_a_bad_value_is_refused_with_one_sentence_and_nothing_stored(
    db: Database, changes: dict[str, Any], message: str
) -> None:
    mine = local(db)
    with pytest.raises(InputError) as refused:
        settings.update_policy(mine, {"note_max_words": 250, **changes}, now=ADDED)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)
    assert stored(mine) is None  # not even the good value given with it


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"pipeline_target": 500}', "The stored settings: pipeline_target must be from 0 to 50"),
        ('{"retries": 3}', "The stored settings: 'retries' is not a setting"),
        ('{"daytime_start": "8"}', "The stored settings: daytime_start must be a number"),
        ("[1, 2]", "The stored settings are not readable (expected a JSON object)"),
    ],
)
def test_a_bad_stored_value_is_refused_before_anything_is_planned(
    db: Database, data: str, message: str
) -> None:
    mine = local(db)
    with mine.write() as tx:  # as a hand edit or another version might have left it
        tx.execute(
            "INSERT INTO account_settings (owner_id, data, updated_at) VALUES (:o, :d, :t)",
            {"o": tx.owner, "d": data, "t": ADDED},
        )
    for attempt in (lambda: settings.policy(mine), lambda: add_panel(mine)):
        with pytest.raises(InputError) as refused:
            attempt()
        assert str(refused.value).startswith(message)
    with mine.read() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM applications")["n"] == 0  # type: ignore[index]


def test_the_settings_migration_goes_down_and_up_again(database_url: str) -> None:
    from alembic import command

    from afterview.storage.migrate import config

    db = Database(database_url)
    db.upgrade()
    settings.update_policy(local(db), {"pipeline_target": 4}, now=ADDED)
    cfg = config(db.url)
    command.downgrade(cfg, "0010")  # type: ignore[arg-type]
    assert db.revision() == "0010"
    with db.read() as tx:
        tables = tables_of(tx, db.dialect)
    assert "account_settings" not in tables
    db.upgrade()
    assert db.revision() == dbmod.HEAD
    assert settings.policy(local(db)) == Policy()  # the table came back empty


def tables_of(tx: Any, dialect: str) -> set[str]:
    if dialect == "sqlite":
        rows = tx.all("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = tx.all("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
    return {r["name"] for r in rows}
