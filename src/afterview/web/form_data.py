"""The add-interview form's data: what was typed, the interview file it makes, and which
field an error names.

* :class:`Typed` holds the form as typed: strings exactly as typed, the panel fieldsets and
  the promise rows in page order (:func:`read_form`; "add", "remove-N" and "add-promise"
  change the rows without saving).
* :func:`interview_file` turns it into the interview-file mapping of
  ``docs/interview-file.md``: empty optional values left out, blank fieldsets and rows
  ignored, the one-per-line lists parsed, each promise to the panel member it names.
* :func:`locate` reads the path an :class:`InputError` starts with
  (``interview.panel[1].timezone:``) and names the form field to mark.

No HTTP here: ``forms`` (the add page) and ``edit`` (the edit page) share it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.datastructures import FormData

from afterview.domain.errors import InputError
from afterview.domain.wording import name_key
from afterview.web.messages import word

SOURCE = "the form"  # InputError messages start with "the form: "
BLANK_PANEL = 3  # fieldsets on a fresh form: enough for most panels without JavaScript

FIELDS = (
    *("name", "email", "phone", "candidate_timezone", "country", "subdivision", "signature"),
    *("company", "role", "channel_before", "url", "source", "referrer_name", "referrer_email"),
    *("references", "links", "start", "duration", "timezone", "format", "round"),
    *("decision", "next_step", "contact_preference", "stood_out", "feelings"),
)
MEMBER_FIELDS = (
    *("name", "title", "role", "email", "timezone", "phone", "phone_kind", "phone_invited"),
    "topics",
)
DEFAULTS = {
    "channel_before": "email",
    "format": "video",
    "round": "1",
    "contact_preference": "unstated",
}
MEMBER_DEFAULTS = {"role": "interviewer", "phone_kind": "work"}
_FILLED = ("name", "title", "email", "timezone", "phone", "topics")  # what makes a person
PROMISE_FIELDS = ("what", "by", "to")  # one promise: `promise-N-what`, `-by`, `-to`
BLANK_PROMISES = 2  # rows on a fresh form; "Add a promise" adds one more


@dataclass
class Typed:
    """The form as typed: flat fields and one dict per panel fieldset, in page order."""

    values: dict[str, str]
    panel: list[dict[str, str]] = field(default_factory=list)
    removed_at: int | None = None  # the page position a "Remove" emptied, for the cursor
    promises: list[dict[str, str]] = field(default_factory=list)  # rows, in page order


@dataclass(frozen=True, slots=True)
class Problem:
    message: str  # the whole sentence, for the alert at the top
    field: str | None  # the form field it names, marked in place
    detail: str  # the sentence without its path, shown next to the field


# -- reading the form -----------------------------------------------------------------------


def blank_form(profile: Mapping[str, str]) -> Typed:
    """A fresh form: the profile's fields, defaults, and three blank panel fieldsets."""
    values = dict.fromkeys(FIELDS, "") | DEFAULTS
    for key in ("name", "email", "phone", "country", "subdivision", "signature"):
        values[key] = profile.get(key, "")
    values["candidate_timezone"] = values["timezone"] = profile.get("timezone", "")
    return Typed(values, [dict(MEMBER_DEFAULTS) for _ in range(BLANK_PANEL)], promises=[])


_MEMBER_KEY = re.compile(r"^panel-(\d{1,3})-([a-z_]+)$")


def read_form(form: FormData, act: str = "save") -> Typed:
    """What was typed, as typed. ``act`` "add" appends a fieldset, "remove-N" drops one."""
    values = {key: form_value(form, key) for key in FIELDS}
    values.update({k: values[k] or d for k, d in DEFAULTS.items()})
    found: dict[int, dict[str, str]] = {}
    for key, value in form.multi_items():
        match = _MEMBER_KEY.match(key)
        if match and match[2] in MEMBER_FIELDS and isinstance(value, str):
            found.setdefault(int(match[1]), dict(MEMBER_DEFAULTS))[match[2]] = value
    order = sorted(found)
    removed = act.removeprefix("remove-") if act.startswith("remove-") else None
    removed_at = next((at for at, i in enumerate(order) if str(i) == removed), None)
    panel = [found[i] for i in order if str(i) != removed]
    if act == "add":
        panel.append(dict(MEMBER_DEFAULTS))
    return Typed(values, panel, removed_at, read_promises(form, act))


_PROMISE_KEY = re.compile(r"^promise-(\d{1,3})-(what|by|to)$")


def read_promises(form: FormData, act: str = "save") -> list[dict[str, str]]:
    """The promise rows as typed, in page order; "add-promise" appends a blank one."""
    found: dict[int, dict[str, str]] = {}
    for key, value in form.multi_items():
        match = _PROMISE_KEY.match(key)
        if match and isinstance(value, str):
            found.setdefault(int(match[1]), dict.fromkeys(PROMISE_FIELDS, ""))[match[2]] = value
    rows = [found[i] for i in sorted(found)]
    if act == "add-promise":
        rows = [*rows, dict.fromkeys(PROMISE_FIELDS, "")]
    return rows


def is_blank_promise(row: Mapping[str, str]) -> bool:
    return not any(row.get(key, "").strip() for key in PROMISE_FIELDS)


def form_value(form: FormData, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def is_blank(member: Mapping[str, str]) -> bool:
    """A fieldset nobody filled in (its role and phone kind keep their defaults)."""
    return not any(member.get(key, "").strip() for key in _FILLED)


# -- the interview file ---------------------------------------------------------------------


def interview_file(typed: Typed, *, now: datetime | None = None) -> dict[str, Any]:
    """The interview-file mapping of docs/interview-file.md, from the typed form.

    With ``now`` (adding an interview), a debrief typed into the form is this evening's
    reflection: the history records it written, and the planner marks the step done.
    """
    v = {key: typed.values.get(key, "").strip() for key in FIELDS}
    candidate = {
        "name": v["name"],
        "email": v["email"],
        "phone": v["phone"],
        "timezone": v["candidate_timezone"],
        "country": v["country"].upper(),
        "subdivision": v["subdivision"].upper(),
        "signature": v["signature"].replace("\r\n", "\n"),
    }
    panel = [m for m in typed.panel if not is_blank(m)]
    data: dict[str, Any] = {
        "candidate": _present(candidate),
        "application": _application(v),
        "interview": _interview(v, panel) | _present({"promises": promises(typed, panel)}),
    }
    if now is not None and (v["stood_out"] or v["feelings"]):
        data["history"] = [{"kind": "reflection_write", "at": now}]
    return data


def _application(v: Mapping[str, str]) -> dict[str, Any]:
    referrer = _present({"name": v["referrer_name"], "email": v["referrer_email"]})
    return _present(
        {
            "company": v["company"],
            "role": v["role"],
            "channel_before": v["channel_before"],
            "referrer": referrer,
            "references": [_person(line) for line in lines(v["references"])],
            "links": [_link(line) for line in lines(v["links"])],
            "url": v["url"],
            "source": v["source"],
        }
    )


def _interview(v: Mapping[str, str], panel: list[dict[str, str]]) -> dict[str, Any]:
    notes = _present({"stood_out": v["stood_out"], "feelings": v["feelings"]})
    return _present(
        {
            "start": v["start"],
            "duration": int(v["duration"]) if v["duration"].isdigit() else v["duration"],
            "timezone": v["timezone"],
            "format": v["format"],
            "round": int(v["round"]) if v["round"].isdigit() else v["round"],
            "panel": [_member(m) for m in panel],
            "decision": v["decision"],
            "contact_preference": v["contact_preference"],
            "next_step": v["next_step"],
            "notes": notes,
        }
    )


def _member(member: Mapping[str, str]) -> dict[str, Any]:
    m = {key: member.get(key, "").strip() for key in MEMBER_FIELDS}
    phone = None
    if m["phone"]:
        kind, invited = m["phone_kind"] or "work", bool(m["phone_invited"])
        phone = {"number": m["phone"], "kind": kind, "invited": invited}
    return _present(
        {
            "name": m["name"],
            "title": m["title"],
            "role": m["role"],
            "email": m["email"],
            "timezone": m["timezone"],
            "phone": phone,
            "topics": lines(m["topics"]),
        }
    )


_PERSON = re.compile(r"^(?P<name>[^<]*?)\s*<(?P<email>[^<>]*)>$")


def _person(line: str) -> dict[str, str]:
    """``Dana Kim <dana@example.org>``; a line without an address is a name alone."""
    found = _PERSON.match(line)
    if found is None:
        return {"name": line}
    name, email = found["name"].strip().strip('"').strip(), found["email"].strip()
    return _present({"name": name or email, "email": email})


def _link(line: str) -> dict[str, str]:
    """``Title | URL``; a bare address is its own title."""
    title, bar, url = line.rpartition("|")
    if not bar:
        return {"title": line, "url": line}
    return {"title": title.strip() or url.strip(), "url": url.strip()}


def promises(typed: Typed, panel: list[dict[str, str]]) -> list[dict[str, str]]:
    """The promises typed, each to the panel member named (spelt as on the panel) or, when
    none is named, to nobody in particular: the notes to the lead contact carry those.
    Without a "by", the default (a day after the interview) applies."""
    names = [m.get("name", "").strip() for m in panel]
    found = []
    for number, row in enumerate(r for r in typed.promises if not is_blank_promise(r)):
        what, by, to = (row.get(key, "").strip() for key in PROMISE_FIELDS)
        if not what:
            raise InputError("promise_needs_what", source=SOURCE, index=number)
        found.append(_present({"what": what, "by": by, "to": _on_panel(to, names, number)}))
    return found


def _on_panel(to: str, names: list[str], number: int) -> str:
    """The panel member a promise names: their full name, or a first name only one has."""
    if not to:
        return ""
    wanted = name_key(to)
    exact = [n for n in names if name_key(n) == wanted]
    firsts = [n for n in names if n.split() and name_key(n.split()[0]) == wanted]
    if exact or len(firsts) == 1:
        return (exact or firsts)[0]
    choices = ", ".join(n for n in names if n) or "nobody yet"
    raise InputError("promise_to_nobody_met", source=SOURCE, index=number, name=to, people=choices)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _present(section: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out what was not given, so the file's defaults apply."""
    return {k: v for k, v in section.items() if v is not None and v not in ("", [], {})}


# -- errors: which field a message names ----------------------------------------------------

_PATH = re.compile(r"^(?P<path>[a-z_]+(?:\[\d+\]|\.[a-z_]+)*):\s*(?P<what>.+)$", re.DOTALL)
_PANEL_PATH = re.compile(r"^interview\.panel\[(\d+)\](?:\.([a-z_]+))?(?:\.([a-z_]+))?")
_PROMISE_PATH = re.compile(r"^interview\.promises\[(\d+)\](?:\.([a-z]+))?")
_TWICE = re.compile(r"lists '(?P<name>.+)' twice")
_PATHS: dict[str, str | None] = {
    "candidate.name": "name",
    "candidate.email": "email",
    "candidate.phone": "phone",
    "candidate.timezone": "candidate_timezone",
    "candidate.country": "country",
    "candidate.subdivision": "subdivision",
    "candidate.signature": "signature",
    "candidate": "name",
    "application.company": "company",
    "application.role": "role",
    "application.channel_before": "channel_before",
    "application.referrer.email": "referrer_email",
    "application.referrer": "referrer_name",
    "application.references": "references",
    "application.links": "links",
    "application.url": "url",
    "application.source": "source",
    "application": "company",
    "interview.start": "start",
    "interview.end": "duration",
    "interview.duration": "duration",
    "interview.timezone": "timezone",
    "interview.format": "format",
    "interview.round": "round",
    "interview.decision": "decision",
    "interview.contact_preference": "contact_preference",
    "interview.next_step": "next_step",
    "interview.notes.stood_out": "stood_out",
    "interview.notes.feelings": "feelings",
    "interview.notes": None,
    "interview.panel": None,
    "interview": "duration",  # "give the interview an `end` time or a `duration`"
}


def locate(exc: InputError, typed: Typed) -> Problem:
    """The message of ``exc`` and the form field its path names, if any."""
    message = word(exc).removeprefix(f"{SOURCE}: ")
    found = _PATH.match(message)
    if found is None:
        return Problem(message, None, message)
    path, what = found["path"], found["what"]
    detail = what[:1].upper() + what[1:]
    return Problem(message, field_for(path, what, typed), detail)


def field_for(path: str, what: str, typed: Typed) -> str | None:
    """``interview.panel[1].timezone`` → ``panel-1-timezone`` (counting filled fieldsets)."""
    panel = _PANEL_PATH.match(path)
    if panel:
        return _member_field(int(panel[1]), panel[2], panel[3], typed)
    promise = _PROMISE_PATH.match(path)
    if promise:
        return _promise_field(int(promise[1]), promise[2], typed)
    twice = _TWICE.search(what)
    if path == "interview.panel" and twice:
        return _duplicate(twice["name"], typed)
    if path == "candidate.country" and "subdivision" in what:
        return "subdivision"  # the holiday calendar check reports both under the country
    key = re.sub(r"\[\d+\]", "", path)
    while key:
        if key in _PATHS:
            return _PATHS[key]
        key = key.rpartition(".")[0]
    return None


def _filled(typed: Typed) -> list[int]:
    """The page positions of the fieldsets that reach the file, in file order."""
    return [i for i, member in enumerate(typed.panel) if not is_blank(member)]


def _member_field(number: int, sub: str | None, subsub: str | None, typed: Typed) -> str | None:
    filled = _filled(typed)
    if number >= len(filled):
        return None
    if sub == "phone":
        name = {"kind": "phone_kind", "invited": "phone_invited"}.get(subsub or "", "phone")
    else:
        name = sub if sub in MEMBER_FIELDS else "name"
    return f"panel-{filled[number]}-{name}"


def _promise_field(number: int, sub: str | None, typed: Typed) -> str | None:
    """``interview.promises[1].by`` → the page row of the second promise typed."""
    filled = [i for i, row in enumerate(typed.promises) if not is_blank_promise(row)]
    if number >= len(filled):
        return None
    return f"promise-{filled[number]}-{sub if sub in PROMISE_FIELDS else 'what'}"


def _duplicate(name: str, typed: Typed) -> str | None:
    """The later of two fieldsets with the same person (names compare case-folded)."""
    same = [i for i in _filled(typed) if name_key(typed.panel[i].get("name")) == name]
    return f"panel-{same[-1]}-name" if same else None
