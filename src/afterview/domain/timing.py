"""Clock arithmetic in the recipient's time zone: local times and send slots.

Every deadline afterview plans is a moment in someone's working day, so these helpers
build aware datetimes from a local date and hour, and find the first good moment to send
inside a window: a weekday morning if one fits, else any daytime hour.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from afterview.domain.settings import Policy


@lru_cache(maxsize=16_384)
def at_local(day: date, hour: int, zone: ZoneInfo, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` wall-clock time in ``zone``.

    Cached: plans for interviews on nearby days ask for the same 08:00 and 17:00 moments
    over and over.
    """
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


# Timestamps of the moments plans share (08:00 or 17:00 of a given day in a given zone,
# an interview's end), keyed by the object: each entry holds on to its datetime, so an
# id cannot be reused while its entry exists.
_INSTANTS: dict[int, tuple[datetime, float]] = {}
_MAX_INSTANTS = 32_768  # then start again: refilling costs less than tracking use


def instant(moment: datetime) -> float:
    """``moment.timestamp()``, worked out once per datetime object: a plan compares and
    sorts the same few moments many times (why that matters: docs/PERFORMANCE.md)."""
    hit = _INSTANTS.get(id(moment))
    if hit is None:
        if len(_INSTANTS) >= _MAX_INSTANTS:
            _INSTANTS.clear()
        hit = _INSTANTS[id(moment)] = (moment, moment.timestamp())
    return hit[1]


def earlier(a: datetime, b: datetime) -> bool:
    """``a < b`` exactly as Python compares aware datetimes, with cached instants.

    In one zone Python compares wall-clock times directly; across zones it compares
    instants, which :func:`instant` keeps.
    """
    if a.tzinfo is b.tzinfo:
        return a < b
    return instant(a) < instant(b)


def _round_up(moment: datetime) -> datetime:
    """The next whole five minutes (a send time of 09:03:27 reads as a glitch)."""
    minute, second, micro = moment.minute, moment.second, moment.microsecond
    if not (minute % 5 or second or micro):
        return moment
    # positional: keyword arguments make a timedelta several times slower to build
    return moment + timedelta(0, 60 * (5 - minute % 5) - second, -micro)


_ONE_DAY = timedelta(days=1)


def _scan(
    lo: datetime,
    hi: datetime,
    zone: ZoneInfo,
    start_hour: int,
    end_hour: int,
    *,
    weekdays_only: bool,
) -> datetime | None:
    """The first moment in [lo, hi] between the two hours, lo and hi being in ``zone``."""
    day = lo.date()
    if (not weekdays_only or day.weekday() < 5) and lo.hour < end_hour:  # still open today
        if lo.hour < start_hour:
            found = at_local(day, start_hour, zone)
        else:
            found = _round_up(lo)
            if found >= at_local(day, end_hour, zone):
                found = lo  # rounding pushed it out: take the exact moment
    else:  # the window opens on the next (week)day
        day += _ONE_DAY
        if weekdays_only and day.weekday() >= 5:
            day += timedelta(7 - day.weekday())
        found = at_local(day, start_hour, zone)
    return found if found <= hi else None


def send_slot(
    lo: datetime, hi: datetime, zone: ZoneInfo, policy: Policy, *, weekends: bool = True
) -> datetime | None:
    """The first good moment in [lo, hi] to send to someone in ``zone``.

    A weekday between ``send_window_start`` and ``send_window_end`` when such a slot
    exists in the range; else a daytime hour (``daytime_start`` to ``daytime_end``) on a
    weekday, or on any day when ``weekends`` (a deadline that wins over the window);
    else ``None`` (the range holds no decent hour, or is empty). Whatever it returns
    passes :func:`is_daytime` with the same ``weekends``.
    """
    if earlier(hi, lo):
        return None
    return slot_within(lo, hi, zone, policy, weekends=weekends)


def slot_within(
    lo: datetime, hi: datetime, zone: ZoneInfo, policy: Policy, *, weekends: bool = True
) -> datetime | None:
    """:func:`send_slot` for a range known not to be empty (``lo`` not after ``hi``)."""
    # Compare in the recipient's zone only: mixing zones looks up a UTC offset every time.
    lo_local = lo.astimezone(zone)
    if (  # the common case: a step planned for a weekday morning, on the hour
        lo_local.weekday() < 5
        and policy.send_window_start <= lo_local.hour < policy.send_window_end
        and not (lo_local.minute % 5 or lo_local.second or lo_local.microsecond)
    ):
        return lo
    hi_local = hi.astimezone(zone)
    found = _scan(
        lo_local,
        hi_local,
        zone,
        policy.send_window_start,
        policy.send_window_end,
        weekdays_only=True,
    ) or _scan(
        lo_local,
        hi_local,
        zone,
        policy.daytime_start,
        policy.daytime_end,
        weekdays_only=not weekends,
    )
    return lo if found == lo_local else found


def is_daytime(moment: datetime, zone: ZoneInfo, policy: Policy, *, weekends: bool = False) -> bool:
    """Whether ``moment`` is a daytime hour for someone in ``zone``: on a weekday, or on
    any day when ``weekends`` (the rule :func:`send_slot` plans by)."""
    local = moment.astimezone(zone)
    weekday_ok = weekends or local.weekday() < 5
    return weekday_ok and policy.daytime_start <= local.hour < policy.daytime_end
