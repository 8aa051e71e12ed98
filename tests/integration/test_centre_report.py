"""The centre report on PostgreSQL, as the runtime role: counts by month across accounts
from one aggregate function, small counts hidden, admins only, no names."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest

from afterview.domain.actor import Actor
from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.storage.db import Database
from afterview.storage.work import Work
from tests.conftest import EXAMPLES
from tests.integration.centre_support import ADDED, Centre, centre, cli, roles, sql

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

SEEKERS = 7  # 5 rejected, 2 closed without a reply; 5 thank-yous within 24 h


def _account(centre: Centre, email: str, role: str) -> str:
    argv = ["users", "add", email, "--role", role, "--password-stdin"]
    assert cli(argv, centre.app_url, "long enough password\n")[0] == 0
    code, out, err = cli(["users", "token", email], centre.app_url, "")
    assert (code, err) == (0, ""), err
    return out.splitlines()[-1]


def _owner_sql(centre: Centre, query: str, *params: Any) -> list[dict[str, Any]]:
    with sql(centre.owner_url) as conn:
        cursor = conn.execute(query, params)
        rows = cursor.fetchall() if cursor.description else []
        conn.commit()
    return list(rows)


@pytest.fixture
def seeded(centre: Centre) -> Any:
    """Seven seekers with one interview each, an admin and a counsellor; the app served."""
    from afterview.web.app import WebSettings
    from tests.support.live import client

    for n in range(SEEKERS):
        _account(centre, f"s{n}@example.org", "seeker")
        [row] = _owner_sql(centre, "SELECT id FROM owners WHERE email = %s", f"s{n}@example.org")
        work = Work(Database(centre.app_url), Actor.seeker(int(row["id"])))
        tracking.add(work, read_data(EXAMPLES / "phone-screen.yaml"), source="t", now=ADDED)
        interviewed = "SELECT application_id FROM interviews WHERE owner_id = %s"
        status = "rejected" if n < 5 else "closed"
        _owner_sql(
            centre,
            f"UPDATE applications SET status = %s, replied_at = NULL WHERE id IN ({interviewed})",
            status,
            row["id"],
        )
        if n < 5:
            _owner_sql(
                centre,
                "UPDATE actions a SET status = 'done', done_at = i.end_at + interval '1 hour' "
                "FROM interviews i WHERE i.id = a.interview_id AND a.owner_id = %s "
                "AND a.kind = 'thank_you'",
                row["id"],
            )
    tokens = {
        "admin": _account(centre, "boss@example.org", "admin"),
        "counsellor": _account(centre, "c@example.org", "counsellor"),
        "seeker": _account(centre, "s9@example.org", "seeker"),
    }
    with client(WebSettings(centre.app_url, clock=lambda: ADDED)) as http:
        yield http, tokens, centre


def _get(http: httpx.Client, token: str, path: str) -> httpx.Response:
    return http.get(path, headers={"Authorization": f"Bearer {token}"})


def test_the_report_counts_by_month_and_hides_counts_under_5(seeded: Any) -> None:
    http, tokens, centre = seeded
    [expected] = _owner_sql(
        centre,
        "SELECT to_char(start_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, COUNT(*) AS n "
        "FROM interviews GROUP BY 1",
    )
    assert expected["n"] == SEEKERS
    answer = _get(http, tokens["admin"], "/api/report")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["minimum"] == 5
    [month] = body["months"]
    assert month["month"] == expected["month"]
    assert month["interviews"] == {"count": SEEKERS, "hidden": False}
    assert month["thank_yous_within_24h"] == {"count": 5, "hidden": False}
    assert month["rejection"] == {"count": 5, "hidden": False}
    for small in ("silence", "offer", "waiting", "follow_ups_after_decision"):
        assert month[small] == {"count": None, "hidden": True}, small

    table = _get(http, tokens["admin"], "/api/report?format=csv")
    assert table.headers["content-type"].startswith("text/csv")
    [row] = list(csv.DictReader(io.StringIO(table.text)))
    assert row["interviews"] == str(SEEKERS)
    assert row["silence"] == "<5"
    page = _get(http, tokens["admin"], "/report")
    assert page.status_code == 200
    assert "&lt;5" in page.text
    assert 'role="img"' in page.text
    for text in (answer.text, table.text, page.text):
        assert "@example.org" not in text
        assert "Globex" not in text


def test_only_an_admin_may_read_the_report(seeded: Any) -> None:
    http, tokens, _ = seeded
    for who in ("seeker", "counsellor"):
        for path in ("/api/report", "/api/report?format=csv"):
            refused = _get(http, tokens[who], path)
            assert refused.status_code == 403, (who, path)
            assert refused.json()["error"]["code"] == "forbidden"
        assert _get(http, tokens[who], "/report").status_code == 403


def test_the_function_counts_nothing_for_an_account_that_is_no_admin(seeded: Any) -> None:
    """The database checks the role too: called with a seeker's id, or in a unit of work
    that names an account, it returns no counts."""
    _, _, centre = seeded
    [seeker] = _owner_sql(centre, "SELECT id FROM owners WHERE email = 's0@example.org'")
    [admin] = _owner_sql(centre, "SELECT id FROM owners WHERE email = 'boss@example.org'")
    with sql(centre.app_url) as conn:
        assert conn.execute("SELECT * FROM app_centre_report(%s)", (seeker["id"],)).fetchall() == []
        assert conn.execute("SELECT * FROM app_centre_report(%s)", (admin["id"],)).fetchall()
    with sql(centre.app_url, account=admin["id"]) as conn:
        assert conn.execute("SELECT * FROM app_centre_report(%s)", (admin["id"],)).fetchall() == []
