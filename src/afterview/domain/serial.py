"""One way to turn afterview's records into the JSON other programs read.

The CLI's ``--json``, the web API and the stored revisit all print records through
:func:`to_builtins`, so a key, its order and a date's format are decided in one place and a
record says only what differs from the convention, declaratively:

* **Convention.** A dataclass (or a msgspec ``Struct``, or a ``NamedTuple``) becomes an
  object with its fields in the order they are declared; a ``datetime`` or a ``date`` becomes
  its ISO 8601 text (``isoformat()``, so UTC reads ``+00:00``); a tuple or a list becomes an
  array; a mapping keeps its keys; ``None``, booleans, numbers and strings stay as they are.
* **On a field** (dataclasses), in its metadata: ``field(metadata=meta(name="from"))`` prints
  it under another key, ``meta(omit=True)`` leaves it out, ``meta(digits=2)`` rounds a float,
  ``meta(view=("kind", "due"))`` prints the record in it (or each record of a tuple of them)
  with only these fields, in this order: one record read in several contracts.
  A ``Struct`` renames with msgspec's own ``msgspec.field(name=...)``, and says the rest in
  ``json_meta``, a class attribute mapping a field's name to its ``meta(...)``.
* **Derived values**: a method marked ``@computed`` is printed like a field (after the fields,
  unless the class says otherwise), e.g. whether a verdict allows the contact.
* **Another order**: ``json_order``, a class attribute naming every key in the order the
  contract has; it is checked against the record's keys the first time one is printed.

Pure and light: only the standard library, so the agenda's lean read path and the CLI's
start-up can use it. The way each class is printed is worked out once and kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Generic, TypeVar, overload

__all__ = ["Computed", "Meta", "computed", "json_names", "meta", "to_builtins"]

_NAME, _OMIT, _DIGITS, _VIEW = (
    "afterview.json.name",
    "afterview.json.omit",
    "afterview.json.digits",
    "afterview.json.view",
)
_PLAIN = (str, int, float, bool, type(None))

Meta = dict[str, Any]

T = TypeVar("T")


def meta(
    *,
    name: str | None = None,
    omit: bool = False,
    digits: int | None = None,
    view: tuple[str, ...] | None = None,
) -> Meta:
    """How a dataclass field is printed, as its ``metadata``: under ``name``, not at all
    (``omit``), rounded to ``digits`` decimals, or (``view``) the record in it with only these
    fields.

    ``field(metadata=meta(name="from"))``: the standard ``dataclasses.field``, so that type
    checkers and linters still see a plain field.
    """
    return {_NAME: name, _OMIT: omit, _DIGITS: digits, _VIEW: view}


class Computed(Generic[T]):
    """A read-only attribute worked out from the fields, printed like a field."""

    def __init__(self, method: Callable[[Any], T], name: str | None, digits: int | None) -> None:
        self.method, self.name, self.digits = method, name, digits
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Computed[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | Computed[T]:
        return self if instance is None else self.method(instance)


@overload
def computed(method: Callable[[Any], T], /) -> Computed[T]: ...
@overload
def computed(
    *, name: str | None = None, digits: int | None = None
) -> Callable[[Callable[[Any], T]], Computed[T]]: ...
def computed(
    method: Callable[[Any], T] | None = None,
    /,
    *,
    name: str | None = None,
    digits: int | None = None,
) -> Computed[T] | Callable[[Callable[[Any], T]], Computed[T]]:
    """Mark a method as a derived value printed like a field: ``@computed`` keeps its name as
    the key, ``@computed(name=..., digits=...)`` prints it under another key, or rounded."""
    if method is not None:
        return Computed(method, name, digits)
    return lambda m: Computed(m, name, digits)


# A member of a record: its key, the attribute it is read from, its rounding and its view.
_Member = tuple[str, str, int | None, tuple[str, ...] | None]
_MEMBERS: dict[type, tuple[_Member, ...]] = {}


def to_builtins(value: Any) -> Any:
    """``value`` as JSON-ready Python values (dicts, lists, strings, numbers, ``None``)."""
    encode = _ENCODERS.get(type(value)) or _encoder(type(value))
    return encode(value)


# How each type is printed, looked up by the exact type: a list of 10,000 rows is printed in
# a few tens of milliseconds, not the hundreds a chain of isinstance checks per value costs.
_Encoder = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _iso(value: date) -> str:
    return value.isoformat()


def _array(values: tuple[Any, ...] | list[Any]) -> list[Any]:
    return [to_builtins(v) for v in values]


def _mapping(values: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): to_builtins(v) for k, v in values.items()}


_ENCODERS: dict[type, _Encoder] = {
    **dict.fromkeys((str, int, float, bool, type(None)), _same),
    datetime: _iso,
    date: _iso,
    tuple: _array,
    list: _array,
    dict: _mapping,
}


def _encoder(kind: type) -> _Encoder:
    """How to print ``kind``, worked out once."""
    encode: _Encoder
    if issubclass(kind, _PLAIN):
        encode = _same
    elif issubclass(kind, date):
        encode = _iso
    elif _named_tuple(kind):
        encode = _record(kind, _members(kind))
    elif issubclass(kind, (tuple, list)):
        encode = _array
    elif issubclass(kind, Mapping):
        encode = _mapping
    else:
        encode = _record(kind, _members(kind))
    _ENCODERS[kind] = encode
    return encode


def _record(kind: type, members: tuple[_Member, ...]) -> _Encoder:
    """A function that prints one record of ``kind``, written out for its members as
    ``dataclasses`` writes ``__init__``: a loop over the members per record costs five times
    as much, and a list of 10,000 applications is printed on each change to the search."""
    reads: list[str] = []
    items: list[str] = []
    views: list[tuple[str, ...]] = []
    for n, (key, attribute, digits, view) in enumerate(members):
        reads.append(f"    v{n} = record.{attribute}\n")
        if view is not None:
            items.append(f"{key!r}: viewed(v{n}, views[{len(views)}])")
            views.append(view)
        elif digits is not None:
            items.append(f"{key!r}: None if v{n} is None else round(v{n}, {digits:d})")
        else:
            items.append(
                f"{key!r}: v{n} if (c{n} := v{n}.__class__) in plain"
                f" else v{n}.isoformat() if c{n} in moments else to_builtins(v{n})"
            )
    source = "def encode(record):\n" + "".join(reads) + "    return {" + ", ".join(items) + "}\n"
    scope: dict[str, Any] = {
        "plain": _PLAIN,
        "moments": (datetime, date),
        "to_builtins": to_builtins,
        "viewed": _viewed,
        "views": tuple(views),
    }
    exec(compile(source, f"<JSON of {kind.__qualname__}>", "exec"), scope)
    encode: _Encoder = scope["encode"]
    return encode


def _viewed(value: Any, fields: tuple[str, ...]) -> Any:
    """The record ``value`` with only ``fields``; each record of it, for a tuple or a list."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)) and not _named_tuple(type(value)):
        return [_viewed(v, fields) for v in value]
    return {name: to_builtins(getattr(value, name)) for name in fields}


def _struct_members(kind: type) -> list[_Member]:
    """A msgspec ``Struct``'s members: its fields under msgspec's names, as ``json_meta`` says."""
    attributes: tuple[str, ...] = getattr(kind, "__struct_fields__")  # noqa: B009
    keys: tuple[str, ...] = getattr(kind, "__struct_encode_fields__")  # noqa: B009
    said: Mapping[str, Meta] = getattr(kind, "json_meta", {})
    if not said.keys() <= set(attributes):
        unknown = ", ".join(sorted(said.keys() - set(attributes)))
        raise TypeError(f"{kind.__qualname__}.json_meta names no field {unknown}")
    members: list[_Member] = []
    for attribute, key in zip(attributes, keys, strict=True):
        how = said.get(attribute, {})
        if not how.get(_OMIT):
            members.append((how.get(_NAME) or key, attribute, how.get(_DIGITS), how.get(_VIEW)))
    return members


def _named_tuple(kind: type) -> bool:
    return issubclass(kind, tuple) and hasattr(kind, "_fields")


def json_names(kind: type) -> tuple[str, ...]:
    """The keys a record of ``kind`` is printed with, in order."""
    return tuple(m[0] for m in _members(kind))


def _members(kind: type) -> tuple[_Member, ...]:
    if kind in _MEMBERS:
        return _MEMBERS[kind]
    members: list[_Member] = []
    if hasattr(kind, "__dataclass_fields__"):  # a dataclass
        import dataclasses  # here, not at start-up: a plan's records are none (PERFORMANCE.md)

        for f in dataclasses.fields(kind):
            if f.metadata.get(_OMIT):
                continue
            key = f.metadata.get(_NAME) or f.name
            members.append((key, f.name, f.metadata.get(_DIGITS), f.metadata.get(_VIEW)))
    elif hasattr(kind, "__struct_fields__"):  # a msgspec Struct, read without importing msgspec
        members.extend(_struct_members(kind))
    elif _named_tuple(kind):
        members.extend((name, name, None, None) for name in getattr(kind, "_fields"))  # noqa: B009
    else:
        raise TypeError(f"{kind.__qualname__} cannot be printed as JSON")
    for klass in reversed(kind.__mro__):
        for attribute, member in vars(klass).items():
            if isinstance(member, Computed):
                members.append((member.name or attribute, attribute, member.digits, None))
    order = getattr(kind, "json_order", None)
    if order is not None:
        by_key = {m[0]: m for m in members}
        if sorted(order) != sorted(by_key) or len(set(order)) != len(order):
            raise TypeError(
                f"{kind.__qualname__}.json_order {tuple(order)} does not name each of its "
                f"keys {tuple(by_key)} once"
            )
        members = [by_key[key] for key in order]
    _MEMBERS[kind] = tuple(members)
    return _MEMBERS[kind]
