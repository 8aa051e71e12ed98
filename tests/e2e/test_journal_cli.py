"""The journal through the command line: debrief, revisit, the bank and practice cards."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

PANEL = str(EXAMPLES / "panel-interview.yaml")

DEBRIEF = """\
questions:
  - q: Tell me about a time you failed.
    answer: At my last job our nightly load broke. I rewrote the retry logic, which cut
      failures by 90%.
    rating: 4
    asked_by: Priya Raman
  - q: Describe a conflict with a colleague.
    answer: We disagreed about the schema.
    rating: 2
stood_out: Blameless postmortems.
"""


@pytest.fixture
def added(cli: Any) -> Any:
    result = cli("add", PANEL, "--now", "2026-11-20T16:00")
    assert result.code == 0, result.err
    return cli


def test_a_debrief_from_a_file_prints_the_star_suggestions(added: Any, tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(DEBRIEF, encoding="utf-8")
    result = added("debrief", "1", "--file", str(tmp_path / "d.yaml"), "--now", "2026-11-20T20:00")
    assert result.code == 0, result.err
    assert "Debrief stored for application 1 (Northwind Robotics)." in result.out
    assert "Has: situation, action, result." in result.out
    assert "“My goal was…”" in result.out
    assert "Come back for the revisit from Sun 22 Nov 20:00" in result.out
    agenda = added("agenda", "--now", "2026-11-20T20:05", "--json").json()
    kinds = {i["kind"] for i in agenda["due"]["items"]}
    assert "reflection_write" not in kinds


def test_the_debrief_json_carries_each_answers_check_and_group(added: Any, tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(DEBRIEF, encoding="utf-8")
    data = added(
        "debrief", "1", "--file", str(tmp_path / "d.yaml"), "--now", "2026-11-20T20:00", "--json"
    ).json()
    first, second = data["answers"]
    assert first["star"]["missing"] == ["task"]
    assert second["star"]["missing"] == ["situation", "task", "action", "result"]
    assert first["group_id"] != second["group_id"]
    assert data["revisit_opens"] == "2026-11-22T20:00:00-05:00"


def test_a_debrief_asked_for_in_the_terminal(added: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [
        "Tell me about a time you led a project.",  # question
        "I led the move to streaming.",  # answer
        "3",  # rating
        "Priya Raman",  # who asked (the panel has three people)
        "",  # no more questions
        "Blameless postmortems.",  # stood out
        "Direct.",  # impression of Priya
        "",  # Tom
        "",  # Ana
        "Calm by the end.",  # feelings
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    result = added("debrief", "1", "--now", "2026-11-20T20:00")
    assert result.code == 0, result.err
    assert "1. Tell me about a time you led a project. (you rated it 3/5)" in result.out
    bank = added("questions", "--json").json()
    (group,) = bank["groups"]
    assert group["question"] == "Tell me about a time you led a project."
    assert group["ratings"][0]["rating"] == 3


def test_wrong_input_is_one_line_and_exit_code_2(added: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n  - q: Why us?\n    rating: 7\n", encoding="utf-8")
    cases = [
        (("debrief", "1", "--file", str(bad)), "questions[0].rating"),
        (("debrief", "1", "--file", str(tmp_path / "none.yaml")), "no such file"),
        (("debrief", "99", "--file", str(bad)), "No application with id 99"),
        (("revisit", "1", "--file", str(bad), "--now", "2026-11-23T09:00"), "questions: unknown"),
        (("practice", "--count", "0"), "--count"),
    ]
    for args, expected in cases:
        result = added(*args)
        assert result.code == 2, (args, result.out)
        assert expected in result.err, (args, result.err)
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err


def test_the_revisit_waits_two_days_then_is_stored(added: Any, tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(DEBRIEF, encoding="utf-8")
    added("debrief", "1", "--file", str(tmp_path / "d.yaml"), "--now", "2026-11-20T20:00")
    entry = tmp_path / "r.yaml"
    entry.write_text(
        "went_well: the failure story\nskills_to_build: [data testing]\n"
        "still_want: 4\nstill_want_why: the team\n",
        encoding="utf-8",
    )
    early = added("revisit", "1", "--file", str(entry), "--now", "2026-11-21T20:00")
    assert early.code == 2
    assert "opens on Sun 22 Nov 20:00" in early.err
    done = added("revisit", "1", "--file", str(entry), "--now", "2026-11-22T20:00", "--json")
    assert done.code == 0, done.err
    assert done.json()["revisit"]["skills_to_build"] == ["data testing"]
    agenda = added("agenda", "--now", "2026-11-22T20:05", "--json").json()
    assert "reflection_revisit" not in {i["kind"] for i in agenda["due"]["items"]}


def test_practice_picks_the_weakest_and_writes_markdown_cards(added: Any, tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(DEBRIEF, encoding="utf-8")
    added("debrief", "1", "--file", str(tmp_path / "d.yaml"), "--now", "2026-11-20T20:00")
    cards = tmp_path / "cards.md"
    result = added("practice", "--count", "1", "--markdown", str(cards))
    assert result.code == 0, result.err
    assert result.out.startswith("1. Describe a conflict with a colleague. (asked 1×, latest 2/5)")
    text = cards.read_text(encoding="utf-8")
    assert text.startswith("# Questions to practise\n\n## 1. Describe a conflict with a colleague.")
    assert "> We disagreed about the schema." in text
    assert "- Set the scene in a sentence" in text
    assert "Tell me about a time you failed" not in text  # only the one card asked for


def test_the_bank_lists_questions_added_with_the_interview_file(added: Any) -> None:
    result = added("questions")
    assert result.code == 0, result.err
    assert "1×  How do you test data quality?" in result.out
    assert "ratings: 2; best: 2/5 at Northwind Robotics" in result.out
