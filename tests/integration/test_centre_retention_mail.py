"""Retention in a centre's workers (PostgreSQL, as the runtime role, a frozen clock, a real
SMTP server as the centre's own): the nightly task warns an idle closed search, its
warning is mailed to the seeker once, through the centre's SMTP settings, and the search
is purged only when the warning period is over."""

from __future__ import annotations

from datetime import datetime, timedelta
from email import message_from_bytes
from typing import Any

import pytest

from afterview.mail import tasks
from afterview.services.rights import WARNING_DAYS
from tests.integration.centre_support import Centre, centre, roles, sql
from tests.integration.test_centre_retention import LATER, _count, _seeker
from tests.support.smtp import SmtpServer, running_smtp

__all__ = ["centre", "roles"]  # the fixtures this module's tests use


@pytest.fixture
def mail(monkeypatch: pytest.MonkeyPatch) -> Any:
    with running_smtp() as server:
        monkeypatch.setenv("AFTERVIEW_CENTRE_SMTP_HOST", server.host)
        monkeypatch.setenv("AFTERVIEW_CENTRE_SMTP_PORT", str(server.port))
        monkeypatch.setenv("AFTERVIEW_CENTRE_SMTP_SECURITY", "plain")
        monkeypatch.setenv("AFTERVIEW_CENTRE_MAIL_FROM", "privacy@centre.example")
        yield server


def _night(centre: Centre, at: datetime) -> int:
    """One night of the retention task at ``at``, then every warning job it queued, run as
    a worker runs them; returns how many warnings it queued."""
    app = tasks.build(centre.app_db(), clock=lambda: at)
    with app.open():
        queued = int(app.tasks["afterview.retention"](timestamp=0))
        for job in _waiting(centre):
            app.tasks[tasks.WARN](**job)
            _finish(centre, job["owner"])
    return queued


def _waiting(centre: Centre) -> list[dict[str, Any]]:
    with sql(centre.owner_url) as conn:
        rows = conn.execute(
            """SELECT args FROM procrastinate.procrastinate_jobs
               WHERE task_name = %s AND status = 'todo' ORDER BY id""",
            (tasks.WARN,),
        ).fetchall()
    return [dict(r["args"]) for r in rows]


def _finish(centre: Centre, owner: int) -> None:
    with sql(centre.owner_url) as conn:
        conn.execute("SET search_path = procrastinate, public")  # for its triggers
        conn.execute(
            """UPDATE procrastinate.procrastinate_jobs SET status = 'succeeded'
               WHERE queueing_lock = %s AND status = 'todo'""",
            (f"retention:{owner}",),
        )
        conn.commit()


def test_the_warning_is_mailed_once_and_the_purge_waits_for_its_period(
    centre: Centre, mail: SmtpServer
) -> None:
    idle = _seeker(centre, "idle@example.org", closed=True)
    active = _seeker(centre, "open@example.org", closed=False)

    assert _night(centre, LATER) == 1
    assert [(m.sender, m.recipients) for m in mail.received] == [
        ("privacy@centre.example", ("idle@example.org",))
    ]
    letter = message_from_bytes(mail.received[0].data)
    purge_day = (LATER + timedelta(days=WARNING_DAYS)).date().isoformat()
    assert purge_day in str(letter["Subject"])
    assert "sign in" in letter.get_payload(decode=True).decode()

    # The nights of the warning period: nothing mailed again, nothing purged.
    for days in (1, WARNING_DAYS - 1):
        assert _night(centre, LATER + timedelta(days=days)) == 0
        assert _count(centre, "applications", idle) > 0
    assert len(mail.received) == 1

    assert _night(centre, LATER + timedelta(days=WARNING_DAYS)) == 0
    assert _count(centre, "applications", idle) == 0
    assert _count(centre, "applications", active) > 0
    assert len(mail.received) == 1


def test_without_the_centres_smtp_server_nothing_is_warned_so_nothing_is_purged(
    centre: Centre, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AFTERVIEW_CENTRE_SMTP_HOST", raising=False)
    idle = _seeker(centre, "idle@example.org", closed=True)
    for days in (0, WARNING_DAYS + 1):
        assert _night(centre, LATER + timedelta(days=days)) == 0
    with sql(centre.owner_url) as conn:
        row = conn.execute(
            "SELECT retention_warned_at AS at FROM owners WHERE id = %s", (idle,)
        ).fetchone()
    assert row["at"] is None
    assert _count(centre, "applications", idle) > 0


def test_the_centres_smtp_settings_are_read_like_the_personal_ones() -> None:
    env = {
        "AFTERVIEW_CENTRE_SMTP_HOST": "smtp.centre.example",
        "AFTERVIEW_CENTRE_SMTP_PORT": "2525",
        "AFTERVIEW_CENTRE_SMTP_USER": "robot@centre.example",
        "AFTERVIEW_SMTP_HOST": "smtp.someone-else.example",  # a seeker's, never the centre's
    }
    found = tasks.centre_smtp(env)
    assert found is not None
    server, sender = found
    assert (server.host, server.port, sender) == (
        "smtp.centre.example",
        2525,
        "robot@centre.example",
    )
    assert tasks.centre_smtp({"AFTERVIEW_SMTP_HOST": "smtp.someone-else.example"}) is None
