"""The one serialisation: its conventions, what a field or a class may declare, and that every
record printed as JSON declares a consistent shape."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import ClassVar, NamedTuple
from zoneinfo import ZoneInfo

import msgspec
import pytest

import afterview
from afterview.domain.serial import Computed, Meta, computed, json_names, meta, to_builtins


@dataclass(frozen=True, slots=True)
class Inner:
    on: date
    at: datetime | None


@dataclass(frozen=True, slots=True)
class Outer:
    name: str
    inner: Inner
    tags: tuple[str, ...]
    counts: dict[str, int]
    hidden: str = field(default="x", metadata=meta(omit=True))
    share: float = field(default=1 / 3, metadata=meta(name="ratio", digits=2))


def test_the_convention_fields_in_order_dates_in_iso_and_arrays() -> None:
    toronto = datetime(2026, 11, 20, 14, 0, tzinfo=ZoneInfo("America/Toronto"))
    value = Outer("a", Inner(date(2026, 12, 4), toronto), ("x", "y"), {"n": 1})
    assert to_builtins(value) == {
        "name": "a",
        "inner": {"on": "2026-12-04", "at": "2026-11-20T14:00:00-05:00"},
        "tags": ["x", "y"],
        "counts": {"n": 1},
        "ratio": 0.33,
    }
    assert list(to_builtins(value)) == ["name", "inner", "tags", "counts", "ratio"]


def test_utc_reads_plus_zero_as_isoformat_gives_it_not_z() -> None:
    noon = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert to_builtins(Inner(date(2026, 1, 2), noon))["at"] == "2026-11-21T12:00:00+00:00"


@dataclass(frozen=True, slots=True)
class Counted:
    part: int
    whole: int

    json_order: ClassVar[tuple[str, ...]] = ("ratio", "part", "whole")

    @computed(digits=3)
    def ratio(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def not_printed(self) -> str:
        return "a plain property stays out"


def test_a_computed_value_is_printed_and_json_order_places_it() -> None:
    assert list(to_builtins(Counted(1, 3)).items()) == [("ratio", 0.333), ("part", 1), ("whole", 3)]
    assert to_builtins(Counted(1, 0))["ratio"] is None  # None is not rounded
    assert Counted(2, 3).ratio == 2 / 3  # read in code: the value itself, not rounded
    assert isinstance(Counted.ratio, Computed)


class Message(msgspec.Struct, frozen=True):
    sender: str = msgspec.field(name="from")
    sent: date | None = None


def test_a_struct_follows_the_convention_and_msgspecs_own_renames() -> None:
    assert to_builtins(Message("a@example.org", date(2026, 1, 2))) == {
        "from": "a@example.org",
        "sent": "2026-01-02",
    }
    assert to_builtins(Message("a@example.org")) == msgspec.to_builtins(Message("a@example.org"))


class Filed(msgspec.Struct, frozen=True):
    title: str
    steps: tuple[Step, ...]
    share: float
    note: str = msgspec.field(default="", name="comment")
    secret: str = "x"

    json_order: ClassVar[tuple[str, ...]] = ("comment", "title", "ratio", "steps")
    json_meta: ClassVar[dict[str, Meta]] = {
        "secret": meta(omit=True),
        "share": meta(name="ratio", digits=2),
        "steps": meta(view=("kind",)),
    }


def test_a_struct_says_what_a_dataclass_field_would_in_json_meta() -> None:
    step = Step("thank_you", date(2026, 11, 21), "Priya Raman")
    assert list(to_builtins(Filed("t", (step,), 1 / 3, "n")).items()) == [
        ("comment", "n"),
        ("title", "t"),
        ("ratio", 0.33),
        ("steps", [{"kind": "thank_you"}]),
    ]


class Mistyped(msgspec.Struct):
    a: int

    json_meta: ClassVar[dict[str, Meta]] = {"b": meta(omit=True)}


def test_json_meta_naming_no_field_fails_at_the_first_print() -> None:
    with pytest.raises(TypeError, match=r"Mistyped\.json_meta names no field b"):
        to_builtins(Mistyped(1))


class Step(NamedTuple):
    kind: str
    due: date
    to: str | None = None


@dataclass(frozen=True, slots=True)
class Viewed:
    one: Step = field(metadata=meta(view=("due", "kind")))
    many: tuple[Step, ...] = field(metadata=meta(view=("kind",)))
    none: Step | None = field(default=None, metadata=meta(view=("kind",)))
    whole: Step | None = None


def test_a_named_tuple_is_an_object_and_a_view_prints_some_of_its_fields() -> None:
    step = Step("thank_you", date(2026, 11, 21), "Priya Raman")
    assert to_builtins(step) == {"kind": "thank_you", "due": "2026-11-21", "to": "Priya Raman"}
    printed = to_builtins(Viewed(step, (step, step._replace(kind="follow_up")), whole=step))
    assert printed == {
        "one": {"due": "2026-11-21", "kind": "thank_you"},
        "many": [{"kind": "thank_you"}, {"kind": "follow_up"}],
        "none": None,
        "whole": {"kind": "thank_you", "due": "2026-11-21", "to": "Priya Raman"},
    }
    assert list(printed["one"]) == ["due", "kind"]


@dataclass(frozen=True, slots=True)
class Misordered:
    a: int
    b: int

    json_order: ClassVar[tuple[str, ...]] = ("a", "c")


def test_a_json_order_that_misses_a_key_fails_at_the_first_print() -> None:
    with pytest.raises(TypeError, match=r"json_order \('a', 'c'\) does not name each"):
        to_builtins(Misordered(1, 2))


def test_something_that_is_not_a_record_is_refused() -> None:
    with pytest.raises(TypeError, match="ZoneInfo cannot be printed as JSON"):
        to_builtins(ZoneInfo("UTC"))
    with pytest.raises(TypeError, match="frozenset cannot be printed"):
        to_builtins(frozenset({"a"}))


def _modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(afterview.__path__, "afterview.")]
    return [n for n in names if n.split(".")[1] in {"domain", "services", "mail"}]


def test_every_record_that_declares_a_json_order_names_its_keys_once() -> None:
    declared = []
    for name in _modules():
        module = importlib.import_module(name)
        for kind in vars(module).values():
            if isinstance(kind, type) and kind.__module__ == name and "json_order" in vars(kind):
                assert json_names(kind) == tuple(kind.json_order)
                declared.append(kind.__qualname__)
    assert {"Verdict", "Draft", "Plan", "Insights", "Section", "WatchReport"} <= set(declared)
