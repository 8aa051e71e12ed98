"""Hostile YAML: refused quickly with one sentence, before any object is built."""

from __future__ import annotations

import pytest

from afterview import safe_yaml
from afterview.domain.errors import InputError
from afterview.interview_file import loads
from tests.conftest import EXAMPLES


def billion_laughs(levels: int = 9) -> str:
    """Each level repeats the one before nine times: 9**9 values from a few hundred bytes."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def refusal(text: str) -> str:
    with pytest.raises(InputError) as caught:
        safe_yaml.load(text, source="bad.yaml")
    message = str(caught.value)
    assert message.startswith("bad.yaml: ")
    assert "\n" not in message
    return message


def test_an_alias_bomb_is_refused_for_the_values_it_would_expand_to() -> None:
    assert "more than 100,000 values" in refusal(billion_laughs())


def test_a_few_aliases_that_stay_small_are_read_as_usual() -> None:
    data = safe_yaml.load("a: &a [1, 2]\nb: *a\nc: *a\n", source="ok.yaml")
    assert data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_too_many_aliases_are_refused_even_when_each_is_small() -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * (safe_yaml.MAX_ALIASES + 1)) + "]\n"
    assert "aliases" in refusal(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000,
        "a:\n" + "".join(" " * n + "- \n" for n in range(0, 200, 2)),
        "a: " + "{b: " * 5_000 + "1" + "}" * 5_000,
    ],
    ids=["flow lists", "block lists", "flow mappings"],
)
def test_deep_nesting_is_refused_at_the_limit_not_by_a_crash(text: str) -> None:
    assert "nested more than 64 levels" in refusal(text)


def test_aliases_cannot_hide_deep_nesting() -> None:
    deep = "[" * 40 + "1" + "]" * 40
    assert "nested more than 64 levels" in refusal(f"a: &a {deep}\nb: {'[' * 30}*a{']' * 30}\n")


def test_a_document_that_contains_itself_is_refused() -> None:
    assert "contains it" in refusal("a: &a [1, *a]\n")


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    message = refusal("a: " + "x" * safe_yaml.MAX_CHARS)
    assert "at most 1,000,000 characters" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 2026-02-30\n", "line 1, column 4: cannot read '2026-02-30' as a date"),
        ("a: 2026-01-01 25:00:00\n", "cannot read '2026-01-01 25:00:00' as a date"),
        ("a: !!int x\n", "cannot read 'x' as a number"),
        ("a: 0x_\n", "cannot read '0x_' as a number"),
        ("a: " + "9" * 5_000 + "\n", "as a number"),
        ("a: !!binary AAAA\n", "binary values are not read here"),
        ("a: !!set {x: null}\n", "set values are not read here"),
        ("? [1, 2]\n: x\n", "a key must be plain text"),
        ("a: !!python/name:os.system\n", "could not determine a constructor"),
    ],
)
def test_values_that_are_not_what_they_claim_are_one_sentence_with_their_line(
    text: str, expected: str
) -> None:
    assert expected in refusal(text)


def test_the_bundled_examples_read_the_same_as_with_the_plain_safe_loader() -> None:
    import yaml

    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert safe_yaml.load(text, source=path.name) == yaml.safe_load(text)


def test_a_list_where_the_interview_file_expects_text_is_named_by_its_place() -> None:
    text = (EXAMPLES / "phone-screen.yaml").read_text(encoding="utf-8")
    text = text.replace("decision: a few days", "decision: [a, [b, c]]")
    with pytest.raises(InputError, match=r"interview\.decision: expected text, found a list"):
        loads(text, source="iv.yaml")
