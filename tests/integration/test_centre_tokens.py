"""A personal API token's last use, on PostgreSQL as the runtime role: noted by the
token look-up itself (``app_token_account``), at most once a minute a token, and listed by
``afterview users tokens`` (never the token)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.integration.centre_support import ADDED, Centre, centre, cli, roles, sql

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"


def _users(centre: Centre, *args: str, stdin: str = "") -> tuple[int, str, str]:
    return cli(["users", *args], centre.app_url, stdin)


def _last_used(centre: Centre) -> list[Any]:
    with sql(centre.owner_url) as conn:
        rows = conn.execute("SELECT last_used_at FROM api_tokens ORDER BY id").fetchall()
    return [row["last_used_at"] for row in rows]


@pytest.fixture
def tokens(centre: Centre) -> tuple[str, str]:
    for email in ("a@example.org", "b@example.org"):
        argv = ["add", email, "--role", "seeker", "--password-stdin"]
        assert _users(centre, *argv, stdin=PASSWORD + "\n")[0] == 0
    made = []
    for email in ("a@example.org", "b@example.org"):
        code, out, err = _users(centre, "token", email)
        assert (code, err) == (0, ""), err
        made.append(out.splitlines()[-1])
    return made[0], made[1]


def test_a_tokens_use_is_noted_once_a_minute_at_most(
    centre: Centre, tokens: tuple[str, str]
) -> None:
    from afterview.web.app import WebSettings
    from tests.support.live import client

    a, _b = tokens
    clock = [ADDED]
    assert _last_used(centre) == [None, None]
    with client(WebSettings(centre.app_url, clock=lambda: clock[0])) as http:

        def use() -> None:
            answer = http.get("/api/applications", headers={"Authorization": f"Bearer {a}"})
            assert answer.status_code == 200, answer.text

        use()
        assert _last_used(centre) == [ADDED, None]  # b's token was not used
        clock[0] = ADDED + timedelta(seconds=59)
        use()
        assert _last_used(centre) == [ADDED, None]  # within the minute: no write
        clock[0] = ADDED + timedelta(seconds=60)
        use()
        assert _last_used(centre) == [ADDED + timedelta(seconds=60), None]
        wrong = http.get("/api/applications", headers={"Authorization": "Bearer av_wrong"})
        assert wrong.status_code == 401
    assert _last_used(centre) == [ADDED + timedelta(seconds=60), None]


def test_a_disabled_accounts_token_is_refused_and_not_noted(
    centre: Centre, tokens: tuple[str, str]
) -> None:
    from afterview.web.app import WebSettings
    from tests.support.live import client

    a, _b = tokens
    assert _users(centre, "disable", "a@example.org")[0] == 0
    with client(WebSettings(centre.app_url, clock=lambda: ADDED)) as http:
        answer = http.get("/api/applications", headers={"Authorization": f"Bearer {a}"})
    assert answer.status_code == 401
    assert _last_used(centre) == [None, None]


def test_users_tokens_lists_when_each_token_was_made_and_last_used(
    centre: Centre, tokens: tuple[str, str]
) -> None:
    a, _b = tokens
    with sql(centre.owner_url) as conn:
        conn.execute("UPDATE api_tokens SET created_at = %s", (ADDED,))
        ids = [r["id"] for r in conn.execute("SELECT id FROM api_tokens ORDER BY id").fetchall()]
        conn.execute(
            "UPDATE api_tokens SET last_used_at = %s WHERE id = %s",
            (ADDED + timedelta(hours=2, seconds=30), ids[0]),
        )
        conn.commit()
    code, out, err = _users(centre, "tokens", "a@example.org")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{ids[0]}\t2026-11-20 21:00 UTC\t2026-11-20 23:00 UTC",
        "1 token.",
    ]
    assert a not in out
    _users(centre, "token", "b@example.org")
    code, out, _ = _users(centre, "tokens", "B@example.org")
    assert code == 0
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines[:-1]] == [str(ids[1]), str(ids[1] + 1)]
    assert all(line.endswith("\tnever used") for line in lines[:-1])
    assert lines[-1] == "2 tokens."
    code, _, err = _users(centre, "tokens", "nobody@example.org")
    assert code != 0
    assert "nobody@example.org" in err
