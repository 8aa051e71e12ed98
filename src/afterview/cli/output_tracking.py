"""Readable text for the tracked search: the agenda, the list, one application."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from afterview import i18n
from afterview.domain.kinds import own_step
from afterview.domain.wording import kind_title, plural, words

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


def _step(item: Step, zone: tzinfo, now: datetime, *, due_view: bool) -> str:
    who = f" → {item.to}" if item.to else ""
    head = f"  #{item.id:<5} {kind_title(item.kind)}{who}{_via(item.kind, item.channel)}"
    head += f" — {item.company} ({item.role})"
    if due_view:
        late = " OVERDUE" if item.due < now else ""
        when = f"due {_when(item.due, zone)}{late}"
    else:
        when = f"from {_when(item.not_before, zone)}, due {_when(item.due, zone)}"
    if item.send_at and item.send_at > now:
        when += f"; send {_when_there(item.send_at, item.zone, zone)}"
    return f"{head}\n          {when}"


def agenda_text(agenda: Agenda, days: int) -> str:
    zone = agenda.zone or agenda.now.tzinfo
    assert zone is not None
    now = agenda.now
    if agenda.zone is None:
        return "Nothing tracked yet: `afterview add FILE.yaml` (or `afterview new`) to start."
    out = [f"Agenda for {_when(now, zone)} ({getattr(zone, 'key', zone)})", ""]
    out.append(f"Do now ({agenda.due.total}):")
    out += [_step(i, zone, now, due_view=True) for i in agenda.due.items] or ["  nothing"]
    out += _more(agenda.due.total, len(agenda.due.items))
    out += ["", f"Coming in the next {plural(days, 'day')} ({agenda.coming.total}):"]
    out += [_step(i, zone, now, due_view=False) for i in agenda.coming.items] or ["  nothing"]
    out += _more(agenda.coming.total, len(agenda.coming.items))
    out += ["", f"Waiting on employers ({agenda.waiting.total}):"]
    for w in agenda.waiting.items:
        said = f"decision by {i18n.when(w.decision_date, 'day')}; " if w.decision_date else ""
        out.append(
            f"  {w.company} ({w.role}, #{w.application_id}): {said}"
            f"follow up from {_when(w.until, zone)}"
        )
    if not agenda.waiting.items:
        out.append("  nothing")
    out += _more(agenda.waiting.total, len(agenda.waiting.items))
    out += ["", "Mark a step with `afterview done STEP` or `afterview skip STEP --why …`."]
    return "\n".join(out)


def _more(total: int, shown: int) -> list[str]:
    return [f"  … and {total - shown} more (use --limit)"] if total > shown else []


def list_text(rows: list[Row], zone: tzinfo, now: datetime) -> str:
    if not rows:
        return "No applications yet: `afterview add FILE.yaml` to start."
    today = now.astimezone(zone).date()
    out = []
    for r in rows:
        nxt = ""
        if r.next_kind:
            who = f" → {r.next_to}" if r.next_to else ""
            start = f" from {_when(r.next_from, zone)}" if r.next_from else ""
            nxt = f"  next: {kind_title(r.next_kind)}{who}{start}"
        days = r.days_to_decision(today)
        decision = ""
        if r.decision_date is not None and days is not None:
            decision = f"  decision {i18n.when(r.decision_date, 'day_month')} ({_days(days)})"
        out.append(f"#{r.id:<5} {r.status:<12} {r.company} — {r.role}{decision}{nxt}")
    return "\n".join(out)


def _days(days: int) -> str:
    if days == 0:
        return "today"
    return f"in {plural(days, 'day')}" if days > 0 else f"{plural(-days, 'day')} ago"


def show_text(info: dict[str, Any], zone: tzinfo) -> str:
    out = [f"#{info['id']} {info['company']} — {info['role']} [{info['status']}]"]
    for iv in info["interviews"]:
        start = datetime.fromisoformat(iv["start"])
        said = f", they said {iv['decision']!r}" if iv["decision"] else ""
        out.append(
            f"  round {iv['round']} on {_when(start, zone)} with "
            f"{', '.join(iv['panel']) or 'nobody recorded'}{said}"
        )
    out += _tracked(info)
    out += ["", "Plan:"]
    for s in info["steps"]:
        who = f" → {s['to']}" if s["to"] else ""
        when = _when(datetime.fromisoformat(s["not_before"]), zone)
        extra = f" ({s['reason']})" if s["reason"] else ""
        out.append(
            f"  #{s['id']:<5} {s['status']:<9} {kind_title(s['kind'])}{who} from {when}{extra}"
        )
    if info["history"]:
        out += ["", "History:"]
        for h in info["history"]:
            who = f" → {h['to']}" if h.get("to") else ""
            out.append(
                f"  {_when(datetime.fromisoformat(h['at']), zone)} {kind_title(h['kind'])}{who}"
                f"{_via(h['kind'], h['channel'])}"
            )
    return "\n".join(out)


def _via(kind: str, channel: str | None) -> str:
    """ " by email", " by LinkedIn"; nothing for a step with nobody on the other end."""
    return f" by {words(channel)}" if channel and not own_step(kind) else ""


def _tracked(info: dict[str, Any]) -> list[str]:
    """Applied on, link, source, people, notes and extra fields, when recorded."""
    out = [
        f"  {label}: {info[key]}"
        for key, label in (("applied_on", "applied on"), ("url", "link"), ("source", "source"))
        if info.get(key)
    ]
    for c in info.get("contacts") or []:
        title = f", {c['title']}" if c.get("title") else ""
        role = f" ({c['role'].replace('_', ' ')})" if c.get("role") else ""
        reach = " ".join(v for v in (c.get("email"), c.get("phone")) if v)
        out.append(f"  contact: {c['name']}{title}{role}" + (f" — {reach}" if reach else ""))
    for name, value in (info.get("extra") or {}).items():
        out.append(f"  {name.replace('_', ' ')}: {' '.join(str(value).split())}")
    if info.get("notes"):
        out += ["  notes:", *(f"    {line}" for line in str(info["notes"]).splitlines())]
    return out


__all__ = ["agenda_text", "list_text", "show_text"]
