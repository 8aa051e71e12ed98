"""The endings, insights, demo and card through the command line, as a user runs them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES

PANEL = str(EXAMPLES / "panel-interview.yaml")  # Northwind, Fri 20 Nov 2026; 3 in the pipeline
REFERRER = str(EXAMPLES / "referrer-and-references.yaml")  # Fabrikam Energy, Wed 2 Dec 2026


def _rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "afterview.db") as conn:
        return conn.execute(sql).fetchall()


def test_a_rejection_keeps_feedback_drafts_one_question_and_offers_private_writing(
    cli: Any, afterview_home: Path, tmp_path: Path
) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    done = cli("rejection", "1", "--at", "2026-11-30T10:00", "--now", "2026-11-30T10:05", "--json")
    assert done.code == 0, done.err
    result = done.json()
    body = result["reply"]["body"]
    assert result["reply"]["to"] == "Priya Raman"
    assert body.count("?") == 1  # exactly one narrow feedback question
    assert "data quality" in body  # about the weakest answer (rated 2)
    assert not re.search(r"follow(ing)? up|get back to me|let me know when", body, re.I)
    assert result["guards"]["allowed"] is True
    assert result["keep_in_touch"] > "2026-11-30"  # planned for after the process
    assert "Pennebaker" in result["expressive_prompt"]["text"]
    assert result["expressive_entries"] == 0
    assert _rows(afterview_home, "SELECT status FROM applications WHERE id = 1") == [("rejected",)]

    # With feedback, the reply thanks them for it and asks nothing more.
    entry = tmp_path / "entry.txt"
    entry.write_text("I wanted this one. It stings, and I am proud of the streaming answer.\n")
    fed = cli(
        "rejection", "1", "--feedback", "More streaming in production.", "--write", str(entry),
        "--now", "2026-11-30T11:00",
    )  # fmt: skip
    assert fed.code == 0, fed.err
    assert "Their feedback, kept: More streaming in production." in fed.out
    assert "Thank you as well for the feedback" in fed.out
    assert "?" not in fed.out.split("Subject:")[1].split("Keep in touch")[0]
    assert "Your private entry is kept" in fed.out
    kept = _rows(afterview_home, "SELECT kind, data FROM reflections WHERE application_id = 1")
    assert kept[0][0] == "expressive"
    assert "It stings" in kept[0][1]
    steps = _rows(
        afterview_home,
        "SELECT kind FROM actions WHERE application_id = 1 AND status = 'pending' ORDER BY id",
    )
    assert ("keep_in_touch",) in steps
    assert ("thank_you",) not in steps
    assert ("follow_up",) not in steps


def test_an_offer_not_on_paper_keeps_the_search_going_and_cannot_be_accepted(
    cli: Any, afterview_home: Path
) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    assert (
        cli("outcome", "1", "offer", "--at", "2026-11-27T10:00", "--now", "2026-11-27T10:05").code
        == 0
    )
    pending = _rows(
        afterview_home, "SELECT kind FROM actions WHERE application_id = 1 AND status = 'pending'"
    )
    assert ("keep_searching",) in pending
    assert ("offer_ack",) in pending
    refused = cli("accept", "1", "--now", "2026-11-27T11:00")
    assert refused.code == 2
    assert refused.err.count("\n") == 1
    assert "not on paper" in refused.err
    assert "Traceback" not in refused.err
    wrong = cli("accept", "2", "--now", "2026-11-27T11:00")  # Contoso: no offer
    assert wrong.code == 2
    assert "no offer recorded" in wrong.err


def test_accepting_an_offer_drafts_a_checked_withdrawal_for_each_other_open_process(
    cli: Any, afterview_home: Path
) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    assert cli("add", REFERRER, "--now", "2026-12-02T13:00").code == 0
    assert (
        cli("outcome", "1", "offer", "--at", "2026-12-03T10:00", "--now", "2026-12-03T10:05").code
        == 0
    )
    result = cli("accept", "1", "--on-paper", "--now", "2026-12-03T12:00", "--json")
    assert result.code == 0, result.err
    data = result.json()
    by_company = {w["company"]: w for w in data["withdrawals"]}
    # Open: Contoso Analytics (interviewing), Fabrikam (applied), Fabrikam Energy (its
    # interview) and its own pipeline; Globex was rejected and is not open.
    assert "Globex" not in by_company
    energy = by_company["Fabrikam Energy"]
    assert energy["ready"] is True
    assert energy["guards"]["allowed"] is True
    assert "withdraw" in energy["draft"]["body"]
    assert not [f for f in energy["draft"]["findings"] if f["severity"] == "error"]
    assert by_company["Fabrikam"]["draft"] is None
    assert "nobody to write to" in by_company["Fabrikam"]["note"]
    # Nothing was sent or changed elsewhere; the accepted offer is on paper now.
    statuses = dict(_rows(afterview_home, "SELECT company, status FROM applications"))
    assert statuses["Fabrikam Energy"] == "interviewing"
    assert _rows(afterview_home, "SELECT on_paper FROM applications WHERE id = 1") == [(1,)]
    pending = _rows(
        afterview_home, "SELECT kind FROM actions WHERE application_id = 1 AND status = 'pending'"
    )
    assert ("keep_searching",) not in pending
    text = cli("accept", "1", "--now", "2026-12-03T12:05")
    assert text.code == 0, text.err
    assert "== Fabrikam Energy" in text.out
    assert "nothing has been sent" in text.out


def test_silence_closes_only_once_the_close_out_date_has_come_with_a_kind_word(
    cli: Any, afterview_home: Path
) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    (close_from,) = _rows(
        afterview_home,
        "SELECT not_before FROM actions WHERE application_id = 1 AND kind = 'close_out'",
    )[0]
    early = cli("close", "1", "--now", "2026-12-10T09:00")
    assert early.code == 2
    assert "too early" in early.err
    assert early.err.count("\n") == 1
    assert _rows(afterview_home, "SELECT status FROM applications WHERE id = 1") == [
        ("interviewing",)
    ]
    closed = cli("close", "1", "--now", close_from.replace("Z", "+00:00"), "--json")
    assert closed.code == 0, closed.err
    word = closed.json()["kind_word"]
    assert "Northwind Robotics" in word
    assert not re.search(r"\b(fail|fault|should have|mistake)", word, re.I)
    assert _rows(afterview_home, "SELECT status FROM applications WHERE id = 1") == [("closed",)]
    again = cli("close", "1", "--now", "2027-01-30T09:00")
    assert again.code == 0
    assert "process is closed" in again.out
    never = cli("close", "2", "--now", "2027-01-30T09:00")  # Contoso: no close-out step
    assert never.code == 2
    assert "no close-out step" in never.err


def test_stats_prints_json_and_draws_a_real_png(
    cli: Any, afterview_home: Path, tmp_path: Path
) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    data = cli("stats", "--json", "--now", "2026-11-23T09:00").json()
    assert data["funnel"] == {
        "applications": 4,
        "interviews": 2,  # Northwind's interview, and Contoso marked interviewing
        "offers": 0,
        "interview_rate": 0.5,
        "offer_rate": 0.0,
    }
    assert data["thank_you_notes"]["missing"] == 3  # three notes, due Sat 21 Nov, unsent
    png = tmp_path / "stats.png"
    text = cli("stats", "--plot", str(png), "--now", "2026-11-23T09:00")
    assert text.code == 0, text.err
    assert "Funnel: 4 applications" in text.out
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert (width, height) == (1500, 850)
    bad = cli("stats", "--plot", str(tmp_path / "stats.jpg"))
    assert bad.code == 2
    assert "PNG" in bad.err


def test_the_card_is_a_one_page_pdf_and_a_standalone_html_page(cli: Any, tmp_path: Path) -> None:
    pdf, html = tmp_path / "card.pdf", tmp_path / "card.html"
    made = cli("card", "--pdf", str(pdf), "--html", str(html))
    assert made.code == 0, made.err
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1
    assert re.search(rb"/Count 1\b", data)
    page = html.read_text(encoding="utf-8")
    for question in ("When will they decide?", "What is the next step?", "prefer to be contacted"):
        assert question in page
    assert "<style>" in page
    assert "@media print" in page
    nothing = cli("card")
    assert nothing.code == 2
    assert "--html FILE or --pdf FILE" in nothing.err


def test_the_demo_fills_a_fresh_database_and_every_insight(cli: Any, afterview_home: Path) -> None:
    made = cli("demo", "--months", "4", "--seed", "3", "--now", "2026-11-23T09:00")
    assert made.code == 0, made.err
    data = cli("stats", "--json", "--now", "2026-11-23T09:00").json()
    funnel = data["funnel"]
    assert funnel["applications"] > funnel["interviews"] > funnel["offers"] > 0
    assert data["time_to_decision"]["by_company"]
    assert data["thank_you_notes"]["on_time"] > 0
    assert data["thank_you_notes"]["late"] > 0
    first, second = data["follow_up_replies"]
    assert first["replied"] > 0
    assert second["replied"] > 0
    assert data["silence"]["part"] > 0
    assert data["weak_spots"]
    statuses = {s for (s,) in _rows(afterview_home, "SELECT DISTINCT status FROM applications")}
    assert statuses == {"applied", "interviewing", "offer", "rejected", "withdrawn", "closed"}
    assert _rows(afterview_home, "SELECT COUNT(*) FROM applications WHERE on_paper")[0][0] >= 1
    feedback = _rows(afterview_home, "SELECT COUNT(*) FROM applications WHERE feedback IS NOT NULL")
    assert feedback[0][0] >= 1
    again = cli("demo", "--now", "2026-11-23T09:00")
    assert again.code == 2
    assert "only fills a fresh one" in again.err


def test_the_demo_is_the_same_for_the_same_seed(cli: Any, tmp_path: Path, monkeypatch: Any) -> None:
    dumps = []
    for name in ("one", "two"):
        monkeypatch.setenv("AFTERVIEW_HOME", str(tmp_path / name))
        assert cli("demo", "--months", "2", "--seed", "11", "--now", "2026-11-23T09:00").code == 0
        dumps.append(cli("stats", "--json", "--now", "2026-11-23T09:00").out)
    assert dumps[0] == dumps[1]


def test_stats_charts_count_in_whole_numbers_and_say_when_there_is_not_enough_data(
    cli: Any, tmp_path: Path
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from afterview.cli.common import open_work
    from afterview.cli.insights import figure
    from afterview.services.insights import insights

    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    text = cli("stats", "--plot", str(tmp_path / "stats.png"), "--now", "2026-11-23T09:00")
    assert text.code == 0, text.err
    assert (
        "Not enough data yet for 3 charts: Days from interview to decision (median), "
        "Reply rate after follow-ups and Weak spots (average rating)."
    ) in text.out

    now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
    fig, missing = figure(insights(open_work(), now=now))
    assert len(missing) == 3
    funnel, _, thanks = fig.axes[:3]
    for ax in (funnel, thanks):
        ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        assert ticks
        assert all(float(t).is_integer() for t in ticks), ticks
    waiting = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "Not enough data yet:\nno follow-up sent." in waiting
