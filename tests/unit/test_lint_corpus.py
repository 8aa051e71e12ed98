"""The lint over a labelled corpus: good notes draw nothing, bad ones draw their rules.

Run with ``-s`` to see each rule's precision and recall over the corpus, or run
``python -m tests.unit.test_lint_corpus``.
"""

from __future__ import annotations

from collections import Counter

import pytest

from afterview.domain.lint import lint_note
from afterview.domain.rules import LINT_IDS
from afterview.domain.settings import Policy
from tests.unit.lint_corpus import BAD, GOOD, SAMPLES, Sample


def found(sample: Sample) -> set[str]:
    return {
        f.code for f in lint_note(sample.scene.case(), sample.kind, sample.note(), policy=Policy())
    }


def scores(samples: list[Sample]) -> dict[str, tuple[int, int, int]]:
    """Per rule: true positives, false positives, false negatives."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for sample in samples:
        got = found(sample)
        tp.update(got & sample.expect)
        fp.update(got - sample.expect)
        fn.update(sample.expect - got)
    return {code: (tp[code], fp[code], fn[code]) for code in LINT_IDS}


def report(samples: list[Sample]) -> str:
    lines = [f"{'rule':<20} {'tp':>3} {'fp':>3} {'fn':>3} {'precision':>9} {'recall':>6}"]
    for code, (tp, fp, fn) in scores(samples).items():
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
        lines.append(f"{code:<20} {tp:>3} {fp:>3} {fn:>3} {precision:>9} {recall:>6}")
    return "\n".join(lines)


def test_the_corpus_has_thirty_good_and_thirty_bad_notes_from_many_names() -> None:
    assert len(GOOD) >= 30
    assert len(BAD) >= 30
    assert all(not s.expect for s in GOOD)
    assert all(s.expect for s in BAD)
    assert len({s.to for s in SAMPLES}) >= 12
    assert len({s.name for s in SAMPLES}) == len(SAMPLES)


@pytest.mark.parametrize("sample", GOOD, ids=[s.name for s in GOOD])
def test_a_good_note_draws_no_finding(sample: Sample) -> None:
    assert found(sample) == set()


@pytest.mark.parametrize("sample", BAD, ids=[s.name for s in BAD])
def test_a_bad_note_draws_exactly_its_rules(sample: Sample) -> None:
    assert found(sample) == set(sample.expect)


def test_every_rule_is_precise_and_complete_over_the_corpus(
    capsys: pytest.CaptureFixture[str],
) -> None:
    table = scores(SAMPLES)
    with capsys.disabled():
        print("\n" + report(SAMPLES))
    exercised = {code for code, (tp, _, _) in table.items() if tp}
    assert exercised >= set(LINT_IDS) - {"near_duplicate"}  # a pair's rule: test_lint.py
    assert all(fp == 0 and fn == 0 for _, fp, fn in table.values()), report(SAMPLES)


if __name__ == "__main__":
    print(report(SAMPLES))
