"""The add-interview form's sections: a short first screen, the rest opened as needed.

The first screen asks what every interview has: the company, the role, when, and who was
there. Everything else is in a ``<details>`` section, which opens and closes with the mouse
or the keyboard (Enter or Space on its summary) and needs no JavaScript. A section is open
when it must be seen: it holds the field an error names or the cursor goes to, or, for
"You", a required field is still empty (the first time; afterwards the stored profile fills
it). A closed section's summary line says what it holds, so nothing typed is out of mind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from afterview.domain.wording import join, plural, words

if TYPE_CHECKING:
    from afterview.web.form_data import Typed

SECTIONS: dict[str, tuple[str, ...]] = {
    "you": ("name", "email", "phone", "candidate_timezone", "country", "subdivision", "signature"),
    "job-more": (
        *("channel_before", "url", "source", "referrer_name", "referrer_email"),
        *("references", "links"),
    ),
    "when-more": ("timezone", "format", "round"),
    "asked": ("decision", "next_step", "contact_preference"),
    "promised": (),  # its fields are promise-N-what, -by and -to
    "debrief": ("stood_out", "feelings"),
}
PREFIXES = {"promised": "promise-"}
REQUIRED_YOU = ("name", "email", "candidate_timezone", "country")
CHANNELS = {"email": "email", "phone": "phone", "portal": "the portal", "linkedin": "LinkedIn"}
PREFERENCES = {
    "email": "follow up by email",
    "phone": "follow up by phone",
    "portal": "follow up through the portal",
    "no_contact": "no follow-ups, as they asked",
}


def opened(typed: Typed, *fields: str | None) -> dict[str, bool]:
    """Which sections are open: those holding one of ``fields`` (the field an error names,
    the cursor's), and "You" while a required field is empty."""
    wanted = [f for f in fields if f]
    shown = {
        section: any(f in names or f.startswith(PREFIXES.get(section, "\0")) for f in wanted)
        for section, names in SECTIONS.items()
    }
    shown["you"] = shown["you"] or any(not typed.values.get(k, "").strip() for k in REQUIRED_YOU)
    return shown


def summaries(typed: Typed) -> dict[str, str]:
    """What each closed section holds, in a few words."""
    v = {key: value.strip() for key, value in typed.values.items()}
    return {
        "you": _you(v),
        "job-more": _job(v),
        "when-more": _when(v),
        "asked": _asked(v),
        "promised": _promised(typed),
        "debrief": "written; it counts as this evening's reflection"
        if v.get("stood_out") or v.get("feelings")
        else "a few lines now count as this evening's reflection",
    }


def _you(v: Mapping[str, str]) -> str:
    parts = [v.get(k, "") for k in ("name", "email", "candidate_timezone", "country")]
    if not all(parts):
        return "needed once; the next interview starts with it filled in"
    return " · ".join(parts)


def _job(v: Mapping[str, str]) -> str:
    said = [f"in touch by {CHANNELS.get(v.get('channel_before', ''), 'email')} before"]
    if v.get("referrer_name"):
        said.append(f"referred by {v['referrer_name']}")
    for key, noun in (("references", "reference"), ("links", "link")):
        count = len([line for line in v.get(key, "").splitlines() if line.strip()])
        if count:
            said.append(plural(count, noun))
    if v.get("url") or v.get("source"):
        said.append("the posting")
    return join(said)


def _when(v: Mapping[str, str]) -> str:
    zone = v.get("timezone") or v.get("candidate_timezone") or "your time zone"
    shown = words(v.get("format") or "video").capitalize()
    return f"{shown}, round {v.get('round') or 1}, in {zone}"


def _asked(v: Mapping[str, str]) -> str:
    said = [f"they decide “{v['decision']}”"] if v.get("decision") else []
    if v.get("next_step"):
        said.append(f"next: {v['next_step']}")
    preference = PREFERENCES.get(v.get("contact_preference", ""))
    if preference:
        said.append(preference)
    return "; ".join(said) if said else "when they decide, what comes next, how to reach them"


def _promised(typed: Typed) -> str:
    rows = [r for r in typed.promises if any(value.strip() for value in r.values())]
    return plural(len(rows), "promise") if rows else "nothing yet; each goes to whom you made it"
