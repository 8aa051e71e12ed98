"""The error catalogue: every code raised has its words, and every word's fields are given.

The source is read with ``ast``, so a code raised anywhere in ``src/afterview`` (a service,
storage, the domain) is found without running the path that raises it, and so is an error
built from a sentence instead of a code, which the catalogue no longer allows.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from afterview.cli import COMMANDS
from afterview.cli import messages as cli_messages
from afterview.domain.errors import (
    AfterviewError,
    InputError,
    UnknownPerson,
    UnknownRecord,
    fields,
)
from afterview.domain.messages import MESSAGES
from afterview.i18n import pseudo
from afterview.web import messages as web_messages

SRC = Path(__file__).resolve().parents[2] / "src" / "afterview"
CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
ROOT_ERRORS = {"AfterviewError", "InputError", "UnknownRecord"}


@dataclass(frozen=True)
class Raised:
    code: str
    given: frozenset[str]
    open_ended: bool  # ``**params``: the fields cannot be read from the source
    where: str


def _trees() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _error_classes(trees: list[tuple[Path, ast.Module]]) -> set[str]:
    """The names of every class that derives, at any depth, from afterview's errors."""
    names = set(ROOT_ERRORS)
    grew = True
    while grew:
        grew = False
        for _, tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {
                        b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                        for b in node.bases
                    }
                    if bases & names:
                        names.add(node.name)
                        grew = True
    return names


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _raised() -> list[Raised]:
    """Every error built with a code: ``Error("code", …)`` or ``super().__init__("code", …)``."""
    trees = list(_trees())
    classes = _error_classes(trees)
    found = []
    for path, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _callee(node) not in classes | {"__init__"}:
                continue
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if not CODE.fullmatch(first.value):
                continue  # a sentence: test_no_error_is_built_from_a_sentence names it
            names = frozenset(k.arg for k in node.keywords if k.arg is not None)
            open_ended = any(k.arg is None for k in node.keywords)
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            found.append(Raised(first.value, names, open_ended, where))
    return found


RAISED = _raised()


def _fields(template: str) -> set[str]:
    return {
        re.split(r"[.\[]", name)[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name is not None
    }


def _own_init(trees: list[tuple[Path, ast.Module]]) -> set[str]:
    """Error classes with their own ``__init__`` (``UnknownPerson(name, known)``): their
    arguments are not a code; the code is in their ``super().__init__`` call."""
    return {
        node.name
        for _, tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(isinstance(f, ast.FunctionDef) and f.name == "__init__" for f in node.body)
    }


def _sentences() -> list[str]:
    """Every place an error is built from something that is neither a catalogued code nor a
    value carrying one (``exc.code``): a literal, an f-string, a ``+`` or a ``_()`` call."""
    trees = list(_trees())
    classes = _error_classes(trees) - _own_init(trees)
    found = []
    for path, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _callee(node) not in classes:
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Name | ast.Attribute):
                continue  # a code handed on; the constructor checks it when it runs
            if isinstance(first, ast.Constant) and first.value in MESSAGES:
                continue
            text = ast.unparse(first) if first else "nothing"
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {text}")
    return found


def test_the_source_raises_codes() -> None:
    """The scan finds what it is meant to (an empty scan would pass everything below)."""
    codes = {r.code for r in RAISED}
    assert {"unknown_application", "skip_needs_reason", "unknown_person"} <= codes
    assert len(codes) > 150


@pytest.mark.parametrize("raised", RAISED, ids=lambda r: f"{r.code}@{r.where}")
def test_every_code_raised_has_words_and_its_fields(raised: Raised) -> None:
    assert raised.code in MESSAGES, f"{raised.where}: no sentence for {raised.code!r}"
    assert not raised.open_ended, f"{raised.where}: give the fields by name"
    for hints in (cli_messages.HINTS, web_messages.HINTS):
        for template in (MESSAGES[raised.code], hints.get(raised.code, "")):
            missing = _fields(template) - raised.given
            assert not missing, f"{raised.where}: {raised.code!r} needs {sorted(missing)}"


def test_every_sentence_and_hint_belongs_to_a_code_that_is_raised() -> None:
    raised = {r.code for r in RAISED}
    assert set(MESSAGES) - raised == set()
    assert set(cli_messages.HINTS) - set(MESSAGES) == set()
    assert set(web_messages.HINTS) - set(MESSAGES) == set()


FLAG_OR_COMMAND = re.compile(rf"--[a-z]|`afterview\b|\bafterview (?:{'|'.join(COMMANDS)})\b")
PAGE = re.compile(r"\b(page|form|field|link|tick|click)\b", re.IGNORECASE)


def test_no_sentence_names_a_command_or_a_page() -> None:
    """The shared sentence is shown everywhere, so it names neither; the hints do."""
    for code, text in MESSAGES.items():
        assert not FLAG_OR_COMMAND.search(text), code
        assert not PAGE.search(text), code


def test_the_web_never_names_a_command_and_the_cli_never_a_page() -> None:
    for code, hint in web_messages.HINTS.items():
        assert not FLAG_OR_COMMAND.search(hint), code
    for code, hint in cli_messages.HINTS.items():
        assert not PAGE.search(hint), code


def test_the_pseudo_locale_keeps_every_field() -> None:
    """A translation that garbled ``{name!r}`` or ``{size:.1f}`` would fail at run time."""
    templates = [*MESSAGES.values(), *cli_messages.HINTS.values(), *web_messages.HINTS.values()]
    for template in templates:
        assert _fields(pseudo(template)) == _fields(template), template


def test_an_error_carries_its_code_and_params_and_each_interface_words_it() -> None:
    error = UnknownRecord("unknown_application", id=7)
    assert isinstance(error, InputError)
    assert (error.code, error.params) == ("unknown_application", {"id": 7})
    assert str(error) == "No application with id 7."
    assert cli_messages.word(error) == (
        "No application with id 7. `afterview list` shows the ids you have."
    )
    assert web_messages.word(error) == (
        "No application with id 7. Your applications are listed on the Applications page."
    )


def test_no_error_is_built_from_a_sentence() -> None:
    assert _sentences() == []


def test_the_sentence_scan_finds_a_sentence() -> None:
    """The scan above can fail: the forms a sentence used to take are each caught."""
    tree = ast.parse(
        'raise InputError("Something odd, said in full.")\n'
        'raise InputError(f"{where}: odd")\n'
        'raise InputError(_("odd") + " more")\n'
        'raise InputError("unknown_application", id=1)\n'
        "raise InputError(exc.code, **exc.params)\n"
    )
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee(n) == "InputError"]
    kept = [
        c.lineno
        for c in calls
        if not isinstance(c.args[0], ast.Name | ast.Attribute)
        and not (isinstance(c.args[0], ast.Constant) and c.args[0].value in MESSAGES)
    ]
    assert sorted(kept) == [1, 2, 3]


def test_a_sentence_or_an_unknown_code_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match="not an error code"):
        InputError("Something odd, said in full.")
    with pytest.raises(ValueError, match="not an error code"):
        AfterviewError("unknown_aplication", id=7)


def test_a_code_without_the_values_its_sentence_names_is_refused() -> None:
    with pytest.raises(ValueError, match="needs id"):
        UnknownRecord("unknown_application")
    with pytest.raises(ValueError, match="needs low, value"):
        InputError("setting_out_of_range", where="w", name="n", high=5)


def _sample(code: str) -> dict[str, int]:
    """A value for every field of the code's sentence and hints; a number suits every
    format the catalogue uses (``{size:.1f}``, ``{rows:,}``, ``{name!r}``)."""
    templates = (MESSAGES[code], cli_messages.HINTS.get(code, ""), web_messages.HINTS.get(code, ""))
    return {name: 7 for template in templates for name in fields(template)}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_in_the_catalogue_is_raised_and_worded(code: str) -> None:
    with pytest.raises(InputError) as raised:
        raise InputError(code, **_sample(code))
    error = raised.value
    text = str(error)
    assert text.strip(), code
    assert "{" not in text, code  # every field filled, none left as written
    assert cli_messages.word(error).startswith(text)
    assert web_messages.word(error).startswith(text)


def test_an_unknown_person_is_worded_with_or_without_anybody_known() -> None:
    named = UnknownPerson("Zed", ["Ana López", "Tom Becker"])
    assert named.code == "unknown_person"
    assert str(named) == (
        "Nobody called 'Zed' is in this interview (known: Ana López, Tom Becker)."
    )
    assert UnknownPerson("Zed", []).code == "unknown_person_nobody_known"
