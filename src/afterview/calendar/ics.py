"""Pending plan steps as an iCalendar (RFC 5545) calendar.

:func:`calendar_bytes` is pure: the steps, the user's zone and "now" in, bytes out, so
the same facts always give the same file. Three choices make the file behave well in
calendar programs:

* **Stable UIDs.** A step's UID comes from its owner and its stored id, which replanning
  keeps (``repository.merge_plan`` updates steps in place). Importing a newer export, or a
  feed refresh, updates the events instead of adding copies.
* **The user's zone.** Every time is written with the user's TZID and a VTIMEZONE for it,
  so the event sits at the right local hour on both sides of a daylight-saving change,
  whatever zone the calendar program runs in. A note to someone abroad is still shown at
  its send time converted to the user's zone; the description gives their local time.
* **Words for people.** No CATEGORIES: the only category to give was the plan kind's ID,
  which programs would show (and Outlook would add to its colour categories) as it is.
* **Reminders, not appointments.** Events are short, marked transparent (they do not make
  the user look busy), and carry one display alarm while they are still to come: an event
  that has begun by ``now`` has none, since its alarm could only show up as missed (some
  programs list the missed alarms of a calendar they load, and a feed is loaded again and
  again).

A subscribed feed is fetched again every few hours, all of it, so with ``base_url`` (the
served feed) an event holds what is its own and links to the rest: its step on the
application's page (``#step-ID``), which lists the sources, offers the draft and marks it
done. The link ends the description, which every program shows (several ignore a URL
property, so there is none). The sources, the kind's "what to do" (which the title and the
reason already say) and the command were the same text in thousands of events, most of
each event's bytes. A file from ``afterview calendar export`` has no page to link to (the
web app may not run where it is read), so its description writes them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vDuration

from afterview import __version__, i18n
from afterview.domain import kinds
from afterview.domain.kinds import CalendarText
from afterview.domain.steps import Step

PRODID = f"-//afterview//afterview {__version__}//EN"

# A step is a reminder to act: a quarter of an hour is enough to send a prepared note or
# jot down a debrief, and short enough not to crowd the day.
DURATION = timedelta(minutes=15)

# Thirty minutes ahead leaves time to open the draft and read it once more before it is
# due, and is close enough that the reminder is not forgotten again.
REMINDER = timedelta(minutes=30)

# Subscribed calendars are asked to refresh hourly: a plan changes when a fact changes
# (a reply, an outcome), and most programs accept one hour as the shortest interval.
REFRESH = timedelta(hours=1)

# A summary ending so names the person when there is one: "Reply to the rejection (Ana)".
_NAMED = " ({to})"


def uid(owner: int, step_id: int) -> str:
    """The event's UID: unique per owner and step, the same in every export."""
    return f"afterview-{owner}-step-{step_id}@afterview"


def summary(step: Step) -> str:
    """The event's title: the kind's calendar summary (``kinds.CalendarText``) and where."""
    label = _label(step)
    where = ", ".join(part for part in (step.company, step.role) if part)
    return f"{label} — {where}" if where else label


def _label(step: Step) -> str:
    """What to do, and for whom: "Thank-you note to Dana Lee"."""
    wording = _wording(step.kind)
    label = wording.summary if wording else step.kind.replace("_", " ").capitalize()
    if label.endswith(_NAMED) and not step.to:
        label = label.removesuffix(_NAMED)
    if "{to}" in label:
        label = label.format(to=step.to or "them")
    return label


def step_page(base_url: str, step: Step) -> str:
    """The step on its application's page (``#step-ID``): its sources, draft and actions."""
    return f"{base_url.rstrip('/')}/applications/{step.application_id}#step-{step.id}"


def description(step: Step, zone: ZoneInfo, page: str | None = None) -> str:
    """Why and when; then the link to the step's ``page`` (in a served feed), or else what
    to do, the command that marks it done and the sources, written out (in a file)."""
    lines = [step.why.strip(), ""]
    if page is not None:
        return "\n".join([*lines, *_timing(step, zone), f"Sources, and mark it done: {page}"])
    wording = _wording(step.kind)
    if wording and wording.todo:
        lines += [f"What to do: {wording.todo}", ""]
    lines += [*_timing(step, zone), f"Done? Run: afterview done {step.id}"]
    if step.sources:
        lines += ["", "Sources:", *(f"- {s}" for s in step.sources)]
    return "\n".join(lines)


def _wording(kind: str) -> CalendarText | None:
    entry = kinds.get(kind)
    return entry.calendar if entry is not None else None


def _timing(step: Step, zone: ZoneInfo) -> list[str]:
    def local(moment: datetime, where: ZoneInfo) -> str:
        return f"{i18n.when(moment.astimezone(where), 'day_year_time')}"

    lines = []
    if step.send_at is not None:
        theirs = ZoneInfo(step.zone)
        line = f"Send at {local(step.send_at, zone)}"
        if theirs.key != zone.key:
            line += f" ({local(step.send_at, theirs)} {theirs.key}, their time)"
        lines.append(line + (f" by {step.channel}." if step.channel else "."))
    lines.append(f"From {local(step.not_before, zone)}, due {local(step.due, zone)}.")
    return lines


def calendar_bytes(
    steps: Iterable[Step],
    *,
    owner: int,
    zone: ZoneInfo,
    now: datetime,
    name: str = "afterview",
    base_url: str | None = None,
    reminder: timedelta = REMINDER,
    duration: timedelta = DURATION,
) -> bytes:
    """A VCALENDAR with one VEVENT per step, its times in ``zone``; ``now`` is the DTSTAMP.

    ``base_url`` (the web app's address) makes it a feed: each event's description ends with
    a link to its step's page, which stands for the parts written out in a file (see the
    module's docstring). An event that has begun by ``now`` has no alarm.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone.key)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    stamp = now.astimezone(UTC)
    ordered = sorted(steps, key=lambda s: (s.start, s.id))
    # The zone's rules for every year an event falls in, with a year's margin either side.
    # It is there even with no events, so the calendar always holds a component.
    first = (ordered[0].start if ordered else now).astimezone(zone).year
    last = (ordered[-1].start if ordered else now).astimezone(zone).year
    cal.add_component(
        Timezone.from_tzinfo(zone, zone.key, date(first - 1, 1, 1), date(last + 2, 1, 1))
    )
    # Each event is written as soon as it is made, then dropped, rather than the whole tree
    # held at once (thousands of events weigh hundreds of megabytes as objects); the bytes
    # are those of the whole tree written in one go.
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    events = (
        _event(step, owner, zone, stamp, base_url, reminder, duration).to_ical() for step in ordered
    )
    return b"".join((head, *events, b"END:VCALENDAR", end))


def _event(
    step: Step,
    owner: int,
    zone: ZoneInfo,
    stamp: datetime,
    base_url: str | None,
    reminder: timedelta,
    duration: timedelta,
) -> Event:
    start = _local(step.start, zone)
    page = step_page(base_url, step) if base_url else None
    event = Event()
    event.add("uid", uid(owner, step.id))
    event.add("dtstamp", stamp)
    # A file is imported into a calendar that keeps its events, and a program may compare
    # LAST-MODIFIED to tell a newer copy of an event; a subscribed feed is taken whole on
    # every fetch, so there it would only be bytes (about 5 % of a feed).
    if step.updated_at is not None and base_url is None:
        event.add("last-modified", step.updated_at.astimezone(UTC))
    event.add("dtstart", start)
    # A DURATION in minutes is exact time (RFC 5545, 3.3.6): an event that crosses a clock
    # change keeps its length, where a local DTEND could even fall before the start.
    event.add("duration", duration)
    event.add("summary", summary(step))
    event.add("description", description(step, zone, page))
    event.add("transp", "TRANSPARENT")
    if step.start > stamp:  # still to come when published: a missed alarm is only noise
        event.add_component(_alarm(step, reminder))
    return event


def _alarm(step: Step, reminder: timedelta) -> Alarm:
    """A display alarm ``reminder`` before the event. Its text (required) is what to do and
    for whom: programs show it with the event, whose title says where."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _label(step))
    alarm.add("trigger", -reminder)
    return alarm


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` in ``zone``, or in UTC when its local time is the repeated hour's second
    pass: a local time with a TZID means the first pass (RFC 5545, 3.3.5)."""
    local = moment.astimezone(zone)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local
