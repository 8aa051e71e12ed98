"""``GET /api/applications`` over real HTTP: the whole list as before, and its slices."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.responses import JSONResponse

from afterview.domain.serial import to_builtins
from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.services.overview import applications
from afterview.storage.db import Database, sqlite_url
from afterview.web.app import WebSettings
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.support.live import client
from tests.web.conftest import ADDED, MORNING


@pytest.fixture
def db(tmp_path: Path) -> Database:
    """Both examples: six applications."""
    database = Database(sqlite_url(tmp_path / "web.db"))
    for name in ("panel-interview", "phone-screen"):
        tracking.add(local(database), read_data(EXAMPLES / f"{name}.yaml"), source=name, now=ADDED)
    return database


def plain(db: Database) -> list[dict[str, object]]:
    return to_builtins(applications(local(db), now=MORNING))


def test_the_whole_list_is_the_plain_one_byte_for_byte(web: httpx.Client, db: Database) -> None:
    first, again = web.get("/api/applications"), web.get("/api/applications")
    expected = JSONResponse({"applications": plain(db)}).body
    assert first.headers["content-type"] == "application/json"
    assert first.content == expected
    assert again.content == expected
    assert len(first.json()["applications"]) == 6


def test_the_list_read_again_after_a_change_shows_the_change(
    web: httpx.Client, db: Database
) -> None:
    assert web.get("/api/applications").json()["applications"][0]["company"] == "Northwind Robotics"
    with local(db).write() as tx:
        tx.execute("UPDATE applications SET company = 'Northwind Automation' WHERE id = 1")
    after = web.get("/api/applications")
    assert after.json()["applications"][0]["company"] == "Northwind Automation"
    assert after.content == JSONResponse({"applications": plain(db)}).body


def test_slices_with_limit_and_offset_add_up_to_the_whole_list(
    web: httpx.Client, db: Database
) -> None:
    slices, offset = [], 0
    while offset is not None:
        answer = web.get("/api/applications", params={"limit": 4, "offset": offset}).json()
        assert (answer["total"], answer["limit"], answer["offset"]) == (6, 4, offset)
        slices.append(answer)
        offset = answer["next"]
    assert [s["next"] for s in slices] == [4, None]
    assert [a for s in slices for a in s["applications"]] == plain(db)


def test_an_offset_alone_skips_that_many_and_past_the_end_is_empty(web: httpx.Client) -> None:
    rest = web.get("/api/applications", params={"offset": 5}).json()
    assert [a["company"] for a in rest["applications"]] == ["Initech"]
    assert (rest["total"], rest["limit"], rest["next"]) == (6, None, None)
    beyond = web.get("/api/applications", params={"offset": 60}).json()
    assert (beyond["applications"], beyond["next"]) == ([], None)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}])
def test_a_limit_or_offset_out_of_range_is_refused(
    web: httpx.Client, params: dict[str, int]
) -> None:
    answer = web.get("/api/applications", params=params)
    assert answer.status_code == 422
    assert "error" in answer.json()


def test_the_kept_list_follows_a_change_on_either_database(either_db: Database) -> None:
    with client(WebSettings(either_db.url, clock=lambda: MORNING)) as web:
        before = web.get("/api/applications").json()["applications"]
        with local(either_db).write() as tx:
            tx.execute("UPDATE applications SET role = 'Staff Engineer' WHERE id = 1")
        after = web.get("/api/applications").json()["applications"]
    assert before[0]["role"] == "Senior Data Engineer"
    assert after[0]["role"] == "Staff Engineer"
    assert after == plain(either_db)
