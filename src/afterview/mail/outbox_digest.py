"""The morning digest: today's agenda as a short plain-text email to the user.

It lists what is due today (or overdue), what starts later today, and the notes the
outbox sends today, so a user who lives in their inbox sees the day's steps there. It is
sent straight to the user's own address through their SMTP account, not through the
outbox: it concerns no application and no employer, so no guard applies.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from afterview import compose, i18n
from afterview.domain.errors import InputError
from afterview.domain.wording import kind_title
from afterview.i18n import N_, _
from afterview.mail.config import Server
from afterview.mail.smtp import Session, Unreachable
from afterview.storage import outbox_repo as box
from afterview.storage import repository as repo
from afterview.storage.db import to_datetime
from afterview.storage.work import Work

MAX_ITEMS = 15  # a digest is read in a minute; the rest is a click away


def compose_digest(work: Work, *, now: datetime) -> compose.Note:
    """The digest for the day of ``now`` in the user's zone."""
    from afterview.services.agenda import agenda

    with work.read() as tx:
        cand = repo.get_candidate(tx)
        queued = [r for r in box.listing(tx) if r["status"] in box.ACTIVE]
    if cand is None or not cand.get("email"):
        raise InputError("no_profile_email")
    zone = ZoneInfo(cand["timezone"])
    local = now.astimezone(zone)
    end_of_day = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), zone)
    day = agenda(work, now=now, days=0, limit=MAX_ITEMS)
    later = agenda(work, now=now, days=1, limit=MAX_ITEMS).coming.items
    later_today = [i for i in later if i.not_before < end_of_day]
    lines = [_("Good morning %(name)s,") % {"name": cand["name"].split()[0]}, ""]
    lines.append(_("Due now (%(count)s):") % {"count": day.due.total})
    lines += [_item(i.kind, i.to, i.company, i.due, zone, DUE) for i in day.due.items]
    if day.due.total > len(day.due.items):
        more = _("… and %(count)s more") % {"count": day.due.total - len(day.due.items)}
        lines.append("  " + more)
    if not day.due.items:
        lines.append("  " + _("nothing"))
    if later_today:
        lines += ["", _("Later today (%(count)s):") % {"count": len(later_today)}]
        lines += [_item(i.kind, i.to, i.company, i.not_before, zone, FROM) for i in later_today]
    going = [r for r in queued if _today(r["send_at"], zone, end_of_day)]
    if going:
        heading = _("Going out today from your outbox (%(count)s):")
        lines += ["", heading % {"count": len(going)}]
        for r in going[:MAX_ITEMS]:
            at = to_datetime(r["send_at"]) or now
            lines.append(_item(r["kind"], r["to_name"], r["company"], at, zone, AT))
    details = _("Open afterview for the details: `afterview agenda`, or the Today page.")
    lines += ["", details, ""]
    return compose.Note(
        from_name=cand["name"],
        from_email=cand["email"],
        to_name=cand["name"],
        to_email=cand["email"],
        subject=_("afterview: your day, %(day)s") % {"day": i18n.when(local, "day")},
        body="\n".join(lines),
        message_id=compose.new_message_id(cand["email"]),
    )


def send_digest(note: compose.Note, server: Server, *, now: datetime) -> str:
    """Hand the digest to the user's server; an error the user can act on otherwise."""
    data = compose.as_bytes(compose.message(note, date=now))
    try:
        with Session(server, helo=note.from_email.rpartition("@")[2] or None) as session:
            result = session.send(data, note.from_email, note.to_email)
    except Unreachable as exc:
        raise InputError("digest_failed", detail=exc.result.detail) from None
    if not result.accepted:
        raise InputError("digest_not_sent", detail=result.detail)
    return result.detail


def _item(kind: str, to: str | None, company: str, at: datetime, zone: ZoneInfo, word: str) -> str:
    who = f" → {to}" if to else ""
    at_time = _(word) % {"when": i18n.when(at.astimezone(zone), "weekday_time")}
    return f"  {kind_title(kind)}{who} — {company} ({at_time})"


# When an item of the digest is: due, open from, or going out at a time.
DUE, FROM, AT = N_("due %(when)s"), N_("from %(when)s"), N_("at %(when)s")


def _today(value: object, zone: ZoneInfo, end_of_day: datetime) -> bool:
    moment = to_datetime(value)
    return moment is not None and moment < end_of_day
