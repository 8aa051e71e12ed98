"""The agenda kept per data revision and place among the pending starts (``web/cache.py``)
gives what the agenda read afresh gives, at every moment, and a write makes it read again."""

from __future__ import annotations

import contextlib
import random
from datetime import timedelta
from typing import Any

import pytest
from starlette.responses import JSONResponse

from afterview.domain.serial import to_builtins
from afterview.interview_file import read_data
from afterview.services import agenda as agenda_service
from afterview.services import tracking
from afterview.storage.db import Database
from afterview.web import cache
from afterview.web.app import WebSettings, create_app
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.web.conftest import ADDED

SHAPES = ((7, 20), (7, 2), (0, 1), (30, 3))  # (days, limit): small limits count the rest


@pytest.fixture
def search(either_db: Database) -> Database:
    """The panel interview and three more applications, so that sections overflow."""
    for name in ("phone-screen", "referrer-and-references", "after-rejection"):
        data = read_data(EXAMPLES / f"{name}.yaml")
        tracking.add(local(either_db), data, source=name, now=ADDED)
    return either_db


def moments(starts: agenda_service.Starts) -> list[Any]:
    """Every start and the instants around it, and as much before (the week's horizon)."""
    near = (timedelta(0), timedelta(seconds=-1), timedelta(microseconds=-1))
    near += (timedelta(microseconds=1), timedelta(milliseconds=500), timedelta(seconds=1))
    out = {s + d for s in starts.steps for d in near}
    out |= {s - timedelta(days=days) + d for s in starts.steps for d in near for days in (7, 30)}
    return sorted(out)


def test_the_kept_agenda_is_the_agenda_read_afresh_at_every_moment(
    search: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(WebSettings(search.url))
    held = contextlib.ExitStack()
    work = local(held.enter_context(search.pinned()))  # one connection for the many reads
    reads = []
    plain = agenda_service.agenda
    monkeypatch.setattr(cache, "read_agenda", lambda *a, **k: reads.append(1) or plain(*a, **k))
    monkeypatch.setattr(cache, "AGENDAS_KEPT", 100_000)  # every key kept: count the reuse
    at = moments(agenda_service.pending_starts(work))
    assert len(at) > 100
    asked = [(now, shape) for now in at for shape in SHAPES]
    random.Random(15).shuffle(asked)  # kept answers asked again out of order
    with held:
        for now, (days, limit) in asked + asked:
            kept = cache.agenda(app.state, work, now=now, days=days, limit=limit)
            fresh = plain(work, now=now, days=days, limit=limit)
            assert to_builtins(kept) == to_builtins(fresh)
            assert kept.zone == fresh.zone
            kept_json = cache.agenda_json(app.state, work, now=now, days=days, limit=limit)
            assert kept_json == JSONResponse(to_builtins(fresh)).body  # /api/agenda's bytes
    if search.dialect == "sqlite":  # PostgreSQL's snapshot moves with any database's writes
        assert len(reads) < len(asked) / 2  # most moments share a kept agenda
    app.state.data_revision.close()


def test_a_write_moves_the_revision_and_the_agenda_is_read_again(search: Database) -> None:
    app = create_app(WebSettings(search.url))
    work = local(search)
    now = ADDED + timedelta(days=3)
    before = cache.agenda(app.state, work, now=now, days=7, limit=20)
    assert cache.agenda(app.state, work, now=now, days=7, limit=20) == before  # kept

    step = before.due.items[0]
    before_json = cache.agenda_json(app.state, work, now=now, days=7, limit=20)
    tracking.done(local(Database(search.url)), step.id, at=now, now=now)  # another connection
    after = cache.agenda(app.state, work, now=now, days=7, limit=20)
    fresh = agenda_service.agenda(work, now=now, days=7, limit=20)
    assert to_builtins(after) == to_builtins(fresh)
    after_json = cache.agenda_json(app.state, work, now=now, days=7, limit=20)
    assert after_json == JSONResponse(to_builtins(fresh)).body != before_json
    assert step.id not in {s.id for s in after.due.items}
    app.state.data_revision.close()
