"""Readable text for the tracked search: the agenda, the list, one application."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from afterview import i18n
from afterview.domain.kinds import own_step
from afterview.domain.wording import kind_title, words
from afterview.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from afterview.domain.steps import Step
    from afterview.services.agenda import Agenda
    from afterview.services.overview import Row


def _when(moment: datetime, zone: tzinfo) -> str:
    return f"{i18n.when(moment.astimezone(zone), 'day_time')}"


def _when_there(moment: datetime, there: str, zone: tzinfo) -> str:
    """A time in the recipient's zone, named when it is not the user's own."""
    from zoneinfo import ZoneInfo

    if there == getattr(zone, "key", None):
        return _when(moment, zone)
    return f"{_when(moment, ZoneInfo(there))} {there}"


# A plan step's state, as the list of one application shows it.
STEP_STATES = {
    "pending": N_("pending"),
    "done": N_("done"),
    "skipped": N_("skipped"),
    "cancelled": N_("cancelled"),
}


def _state(status: str) -> str:
    known = STEP_STATES.get(status)
    return _(known) if known else words(status)


def _step(item: Step, zone: tzinfo, now: datetime, *, due_view: bool) -> str:
    who = f" → {item.to}" if item.to else ""
    head = f"  #{item.id:<5} {kind_title(item.kind)}{who}{_via(item.kind, item.channel)}"
    head += f" — {item.company} ({item.role})"
    due = _when(item.due, zone)
    if due_view:
        when = (_("due %(when)s OVERDUE") if item.due < now else _("due %(when)s")) % {"when": due}
    else:
        when = _("from %(start)s, due %(when)s") % {
            "start": _when(item.not_before, zone),
            "when": due,
        }
    if item.send_at and item.send_at > now:
        when += "; " + _("send %(when)s") % {"when": _when_there(item.send_at, item.zone, zone)}
    return f"{head}\n          {when}"


def agenda_text(agenda: Agenda, days: int) -> str:
    zone = agenda.zone or agenda.now.tzinfo
    assert zone is not None
    now = agenda.now
    if agenda.zone is None:
        return _("Nothing tracked yet: `afterview add FILE.yaml` (or `afterview new`) to start.")
    nothing = "  " + _("nothing")
    heading = _("Agenda for %(when)s (%(zone)s)")
    out = [heading % {"when": _when(now, zone), "zone": getattr(zone, "key", zone)}, ""]
    out.append(_("Do now (%(count)s):") % {"count": agenda.due.total})
    out += [_step(i, zone, now, due_view=True) for i in agenda.due.items] or [nothing]
    out += _more(agenda.due.total, len(agenda.due.items))
    coming = ngettext(
        "Coming in the next %(days)d day (%(count)s):",
        "Coming in the next %(days)d days (%(count)s):",
        days,
    )
    out += ["", coming % {"days": days, "count": agenda.coming.total}]
    out += [_step(i, zone, now, due_view=False) for i in agenda.coming.items] or [nothing]
    out += _more(agenda.coming.total, len(agenda.coming.items))
    out += ["", _("Waiting on employers (%(count)s):") % {"count": agenda.waiting.total}]
    out += [_waiting(w, zone) for w in agenda.waiting.items] or [nothing]
    out += _more(agenda.waiting.total, len(agenda.waiting.items))
    out += ["", _("Mark a step with `afterview done STEP` or `afterview skip STEP --why …`.")]
    return "\n".join(out)


def _waiting(w: Any, zone: tzinfo) -> str:
    follow = _when(w.until, zone)
    place = {"company": w.company, "role": w.role, "id": w.application_id, "from": follow}
    if w.decision_date:
        line = _("%(company)s (%(role)s, #%(id)s): decision by %(day)s; follow up from %(from)s")
        return "  " + line % {**place, "day": i18n.when(w.decision_date, "day")}
    return "  " + _("%(company)s (%(role)s, #%(id)s): follow up from %(from)s") % place


def _more(total: int, shown: int) -> list[str]:
    more = _("… and %(count)s more (use --limit)") % {"count": total - shown}
    return ["  " + more] if total > shown else []


def list_text(rows: list[Row], zone: tzinfo, now: datetime) -> str:
    if not rows:
        return _("No applications yet: `afterview add FILE.yaml` to start.")
    today = now.astimezone(zone).date()
    out = []
    for r in rows:
        nxt = ""
        if r.next_kind:
            who = f" → {r.next_to}" if r.next_to else ""
            start = ""
            if r.next_from:
                start = " " + _("from %(when)s") % {"when": _when(r.next_from, zone)}
            nxt = "  " + _("next: %(step)s") % {"step": f"{kind_title(r.next_kind)}{who}{start}"}
        days = r.days_to_decision(today)
        decision = ""
        if r.decision_date is not None and days is not None:
            day = i18n.when(r.decision_date, "day_month")
            decision = "  " + _("decision %(day)s (%(when)s)") % {"day": day, "when": _days(days)}
        out.append(f"#{r.id:<5} {words(r.status):<12} {r.company} — {r.role}{decision}{nxt}")
    return "\n".join(out)


def _days(days: int) -> str:
    if days == 0:
        return _("today")
    if days > 0:
        return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
    return ngettext("%(count)d day ago", "%(count)d days ago", -days) % {"count": -days}


def show_text(info: dict[str, Any], zone: tzinfo) -> str:
    out = [f"#{info['id']} {info['company']} — {info['role']} [{words(info['status'])}]"]
    for iv in info["interviews"]:
        out.append("  " + _round(iv, zone))
    out += _tracked(info)
    out += ["", _("Plan:")]
    for s in info["steps"]:
        who = f" → {s['to']}" if s["to"] else ""
        start = _("from %(when)s") % {"when": _when(datetime.fromisoformat(s["not_before"]), zone)}
        extra = f" ({s['reason']})" if s["reason"] else ""
        out.append(
            f"  #{s['id']:<5} {_state(s['status']):<9} {kind_title(s['kind'])}{who} {start}{extra}"
        )
    if info["history"]:
        out += ["", _("History:")]
        for h in info["history"]:
            who = f" → {h['to']}" if h.get("to") else ""
            out.append(
                f"  {_when(datetime.fromisoformat(h['at']), zone)} {kind_title(h['kind'])}{who}"
                f"{_via(h['kind'], h['channel'])}"
            )
    return "\n".join(out)


def _round(iv: dict[str, Any], zone: tzinfo) -> str:
    """One interview: "round 2 on Fri 20 Nov 14:00 with …, they said 'within two weeks'"."""
    place = {
        "round": iv["round"],
        "when": _when(datetime.fromisoformat(iv["start"]), zone),
        "panel": ", ".join(iv["panel"]) or _("nobody recorded"),
    }
    if iv["decision"]:
        line = _("round %(round)s on %(when)s with %(panel)s, they said %(said)r")
        return line % {**place, "said": iv["decision"]}
    return _("round %(round)s on %(when)s with %(panel)s") % place


def _via(kind: str, channel: str | None) -> str:
    """ " by email", " by LinkedIn"; nothing for a step with nobody on the other end."""
    by = _("by %(channel)s") % {"channel": words(channel)} if channel else ""
    return f" {by}" if channel and not own_step(kind) else ""


def _tracked(info: dict[str, Any]) -> list[str]:
    """Applied on, link, source, people, notes and extra fields, when recorded."""
    out = [
        f"  {label}: {info[key]}"
        for key, label in (
            ("applied_on", _("applied on")),
            ("url", _("link")),
            ("source", _("source")),
        )
        if info.get(key)
    ]
    for c in info.get("contacts") or []:
        title = f", {c['title']}" if c.get("title") else ""
        role = f" ({words(c['role'])})" if c.get("role") else ""
        reach = " ".join(v for v in (c.get("email"), c.get("phone")) if v)
        who = f"{c['name']}{title}{role}" + (f" — {reach}" if reach else "")
        out.append("  " + _("contact: %(who)s") % {"who": who})
    for name, value in (info.get("extra") or {}).items():
        out.append(f"  {name.replace('_', ' ')}: {' '.join(str(value).split())}")
    if info.get("notes"):
        notes = str(info["notes"]).splitlines()
        out += ["  " + _("notes:"), *(f"    {line}" for line in notes)]
    return out


__all__ = ["agenda_text", "list_text", "show_text"]
