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
from afterview.i18n import N_, _

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
CHANNELS = {
    "email": N_("email"),
    "phone": N_("phone"),
    "portal": N_("the portal"),
    "linkedin": N_("LinkedIn"),
}
PREFERENCES = {
    "email": N_("follow up by email"),
    "phone": N_("follow up by phone"),
    "portal": N_("follow up through the portal"),
    "no_contact": N_("no follow-ups, as they asked"),
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
        "debrief": _("written; it counts as this evening's reflection")
        if v.get("stood_out") or v.get("feelings")
        else _("a few lines now count as this evening's reflection"),
    }


def _you(v: Mapping[str, str]) -> str:
    parts = [v.get(k, "") for k in ("name", "email", "candidate_timezone", "country")]
    if not all(parts):
        return _("needed once; the next interview starts with it filled in")
    return " · ".join(parts)


def _job(v: Mapping[str, str]) -> str:
    channel = _(CHANNELS.get(v.get("channel_before", ""), CHANNELS["email"]))
    said = [_("in touch by %(channel)s before") % {"channel": channel}]
    if v.get("referrer_name"):
        said.append(_("referred by %(name)s") % {"name": v["referrer_name"]})
    references, links = _lines(v.get("references")), _lines(v.get("links"))
    if references:
        said.append(plural(references, "reference"))
    if links:
        said.append(plural(links, "link"))
    if v.get("url") or v.get("source"):
        said.append(_("the posting"))
    return join(said)


def _lines(text: str | None) -> int:
    return len([line for line in (text or "").splitlines() if line.strip()])


def _when(v: Mapping[str, str]) -> str:
    zone = v.get("timezone") or v.get("candidate_timezone") or _("your time zone")
    shown = _capital(words(v.get("format") or "video"))
    return _("%(format)s, round %(round)s, in %(zone)s") % {
        "format": shown,
        "round": v.get("round") or 1,
        "zone": zone,
    }


def _capital(text: str) -> str:
    """The first letter in capitals, the rest as it was (a translated word may start "⟦")."""
    return text[:1].upper() + text[1:]


def _asked(v: Mapping[str, str]) -> str:
    said = [_("they decide “%(decision)s”") % v] if v.get("decision") else []
    if v.get("next_step"):
        said.append(_("next: %(next_step)s") % v)
    preference = PREFERENCES.get(v.get("contact_preference", ""))
    if preference:
        said.append(_(preference))
    if not said:
        return _("when they decide, what comes next, how to reach them")
    return "; ".join(said)


def _promised(typed: Typed) -> str:
    rows = [r for r in typed.promises if any(value.strip() for value in r.values())]
    if not rows:
        return _("nothing yet; each goes to whom you made it")
    return plural(len(rows), "promise")
