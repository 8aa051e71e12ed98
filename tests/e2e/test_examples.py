"""The bundled examples, end to end: every thank-you draft is personal and lint-clean."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from afterview.domain.drafting import draft_all
from afterview.domain.lint import similarity
from afterview.domain.settings import Policy
from afterview.interview_file import load
from afterview.templating import environment
from tests.conftest import EXAMPLES

# After a rejection the plan holds no thank-you notes, so that example is left out here.
PANELS = sorted(
    p
    for p in EXAMPLES.glob("*.yaml")
    if load(p).interview.panel and getattr(load(p).outcome, "kind", None) != "rejected"
)


@pytest.mark.parametrize("path", PANELS, ids=lambda p: p.name)
def test_each_thank_you_is_clean_specific_and_distinct(path: Path) -> None:
    case = load(path)
    drafts = draft_all(case, "thank_you", env=environment(), policy=Policy())
    assert [d.to for d in drafts] == [m.name for m in case.interview.panel]
    for d in drafts:
        assert not [f for f in d.findings if f.severity == "error"], d.findings
        member = case.member(d.to)
        if member.topics:
            assert any(topic in d.body for topic in member.topics), d.body
    for a, b in combinations(drafts, 2):
        assert similarity(a.body, b.body) < 0.8, (a.to, b.to)


def test_the_rejection_example_drafts_a_gracious_reply_with_one_question() -> None:
    case = load(EXAMPLES / "after-rejection.yaml")
    (reply,) = draft_all(case, "rejection_reply", env=environment(), policy=Policy())
    assert not reply.findings
    assert reply.body.count("?") <= 1
