"""Reading YAML a person (or anyone) hands us, with limits checked before anything is built.

Every YAML file afterview reads (interview files, debrief and revisit entries) goes through
:func:`load`. PyYAML's safe loader refuses code, but not a document that is merely huge:
a "billion laughs" alias bomb takes a few hundred bytes and expands to billions of values
once something walks it, and a list nested twenty thousand levels deep makes the
constructor recurse until Python gives up. So the text is read twice:

1. :func:`_check` walks libyaml's event stream (flat, no recursion, no objects built) and
   counts the size of the text, how deep the nesting goes and how many values the document
   would hold with every alias expanded; it stops at the first limit crossed.
2. Only then does a restricted safe loader build the objects: strings, numbers, booleans,
   null, dates, lists and mappings. Binary data, sets and ordered pairs are refused, and a
   value that looks like a number or a date but is not one (``2026-02-30``) is one clear
   error with its line, never a ``ValueError`` traceback.

The limits are far above what a hand-written file needs (a full interview file is a few
hundred values, five or six levels deep).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import yaml

from afterview.domain.errors import InputError

MAX_CHARS = 1_000_000  # characters of text
MAX_DEPTH = 64  # lists and mappings inside each other
MAX_VALUES = 100_000  # values in the document with every alias expanded
MAX_ALIASES = 1_000  # `*name` references

_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str, *, source: str) -> Any:
    """The document in ``text``; every problem is one :class:`InputError` naming ``source``."""
    if len(text) > MAX_CHARS:
        raise InputError("yaml_too_long", source=source, length=len(text), limit=MAX_CHARS)
    try:
        _check(text)
        return yaml.load(text, Loader=_Loader)  # a safe loader, restricted further
    except _Limit as exc:
        raise InputError("located", where=source, problem=str(exc)) from None
    except yaml.YAMLError as exc:
        raise InputError("yaml_invalid", source=source, problem=_problem(exc)) from None


class _Limit(Exception):
    """A document that crosses one of the limits (the message says which and where)."""


class _Frame(msgspec.Struct, gc=False):
    """A list or mapping being read: where its count of values started, its deepest child.

    (A msgspec ``Struct`` rather than a dataclass, as the domain's records are: it is
    defined in C, and every command that reads a file defines it first.)"""

    is_mapping: bool
    anchor: str | None
    start: int
    depth: int
    deepest: int
    children: int = 0


class _Walk(msgspec.Struct):
    values: int = 0
    aliases: int = 0
    frames: list[_Frame] = msgspec.field(default_factory=list)
    anchors: dict[str, tuple[int, int, bool]] = msgspec.field(
        default_factory=dict
    )  # size, height, is_collection


def _check(text: str) -> None:
    """Walk the events and raise :class:`_Limit` at the first limit crossed."""
    walk = _Walk()
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, yaml.CollectionStartEvent):
            _key_is_text(walk, event, is_collection=True)
            _open(walk, event)
        elif isinstance(event, yaml.CollectionEndEvent):
            _close(walk)
        elif isinstance(event, yaml.ScalarEvent):
            _key_is_text(walk, event, is_collection=False)
            _add(walk, 1, 0, event)
            if event.anchor is not None:
                walk.anchors[event.anchor] = (1, 0, False)
        elif isinstance(event, yaml.AliasEvent):
            _alias(walk, event)


def _open(walk: _Walk, event: Any) -> None:
    depth = len(walk.frames) + 1
    if depth > MAX_DEPTH:
        raise _Limit(
            f"{_where(event)}lists and mappings are nested more than {MAX_DEPTH} levels deep; "
            "afterview's files need only a few levels, so check the indentation and brackets."
        )
    walk.values += 1
    _count(walk, event)
    if walk.frames:
        walk.frames[-1].children += 1
    is_mapping = isinstance(event, yaml.MappingStartEvent)
    walk.frames.append(_Frame(is_mapping, event.anchor, walk.values - 1, depth, depth))


def _close(walk: _Walk) -> None:
    frame = walk.frames.pop()
    if walk.frames:
        walk.frames[-1].deepest = max(walk.frames[-1].deepest, frame.deepest)
    if frame.anchor is not None:
        walk.anchors[frame.anchor] = (walk.values - frame.start, frame.deepest - frame.depth, True)


def _alias(walk: _Walk, event: Any) -> None:
    walk.aliases += 1
    if walk.aliases > MAX_ALIASES:
        raise _Limit(
            f"{_where(event)}the document repeats values through more than {MAX_ALIASES:,} "
            "aliases (*name); write the values out instead."
        )
    if any(frame.anchor == event.anchor for frame in walk.frames):
        raise _Limit(
            f"{_where(event)}the alias *{event.anchor} refers to the list or mapping that "
            "contains it; a value cannot contain itself."
        )
    size, height, is_collection = walk.anchors.get(event.anchor, (1, 0, False))
    _key_is_text(walk, event, is_collection=is_collection)
    _add(walk, size, height, event)


def _add(walk: _Walk, size: int, height: int, event: Any) -> None:
    """Count a value of ``size`` values nested ``height`` levels under the current frame."""
    walk.values += size
    _count(walk, event)
    if walk.frames:
        frame = walk.frames[-1]
        frame.children += 1
        frame.deepest = max(frame.deepest, len(walk.frames) + height)
    if len(walk.frames) + height > MAX_DEPTH:
        raise _Limit(
            f"{_where(event)}with its aliases expanded, the document is nested more than "
            f"{MAX_DEPTH} levels deep; write the values out instead."
        )


def _count(walk: _Walk, event: Any) -> None:
    if walk.values > MAX_VALUES:
        raise _Limit(
            f"{_where(event)}the document holds more than {MAX_VALUES:,} values once its aliases "
            "(*name) are expanded; afterview refuses it rather than fill the memory. Write "
            "the values out instead of repeating aliases."
        )


def _key_is_text(walk: _Walk, event: Any, *, is_collection: bool) -> None:
    if not is_collection or not walk.frames:
        return
    frame = walk.frames[-1]
    if frame.is_mapping and frame.children % 2 == 0:
        raise _Limit(
            f"{_where(event)}a key must be plain text such as `company:`, not a list or mapping."
        )


def _where(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""


# -- the restricted loader -------------------------------------------------------------------


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader without binary data, sets and ordered pairs; a scalar that
    looks like a number or a date but is not one is a :class:`yaml.YAMLError`.
    (``add_constructor`` copies the base loader's table before changing it.)"""


def _refuse(loader: Any, node: Any) -> Any:
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"{node.tag.rsplit(':', 1)[-1]} values are not read here; write text, numbers, dates, "
        "lists or mappings",
        node.start_mark,
    )


def _guarded(construct: Callable[[Any, Any], Any], what: str) -> Callable[[Any, Any], Any]:
    def checked(loader: Any, node: Any) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {_short(node.value)!r} as {what}", node.start_mark
            ) from None

    return checked


for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse)
for _tag, _what in (("int", "a number"), ("float", "a number"), ("timestamp", "a date")):
    _key = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_key, _guarded(_Loader.yaml_constructors[_key], _what))


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return str(problem)


__all__ = ["MAX_ALIASES", "MAX_CHARS", "MAX_DEPTH", "MAX_VALUES", "load"]
