"""Clock arithmetic in the recipient's time zone: local times and send slots.

Every deadline afterview plans is a moment in someone's working day, so these helpers
build aware datetimes from a local date and hour, and find the first good moment to send
inside a window: a weekday morning if one fits, else any daytime hour.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from afterview.domain.settings import Policy


def at_local(day: date, hour: int, zone: ZoneInfo, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` wall-clock time in ``zone``."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _round_up(moment: datetime) -> datetime:
    """The next whole five minutes (a send time of 09:03:27 reads as a glitch)."""
    minute, second, micro = moment.minute, moment.second, moment.microsecond
    if not (minute % 5 or second or micro):
        return moment
    return moment + timedelta(minutes=5 - minute % 5, seconds=-second, microseconds=-micro)


_ONE_DAY = timedelta(days=1)


def _scan(
    lo: datetime, hi: datetime, start_hour: int, end_hour: int, *, weekdays_only: bool
) -> datetime | None:
    """The first moment in [lo, hi] between the two hours, all in lo's zone."""
    zone = lo.tzinfo
    day = lo.date()
    if (not weekdays_only or day.weekday() < 5) and lo.hour < end_hour:  # still open today
        if lo.hour < start_hour:
            found = datetime(day.year, day.month, day.day, start_hour, tzinfo=zone)
        else:
            found = _round_up(lo)
            if found >= datetime(day.year, day.month, day.day, end_hour, tzinfo=zone):
                found = lo  # rounding pushed it out: take the exact moment
    else:  # the window opens on the next (week)day
        day += _ONE_DAY
        if weekdays_only and day.weekday() >= 5:
            day += timedelta(days=7 - day.weekday())
        found = datetime(day.year, day.month, day.day, start_hour, tzinfo=zone)
    return found if found <= hi else None


def send_slot(lo: datetime, hi: datetime, zone: ZoneInfo, policy: Policy) -> datetime | None:
    """The first good moment in [lo, hi] to send to someone in ``zone``.

    A weekday between ``send_window_start`` and ``send_window_end`` when such a slot
    exists in the range; else any day between ``daytime_start`` and ``daytime_end``;
    else ``None`` (the range holds no decent hour, or is empty).
    """
    if lo > hi:
        return None
    # Compare in the recipient's zone only: datetimes sharing one tzinfo compare cheaply,
    # while mixing zones costs a UTC-offset look-up on every comparison.
    lo_local = lo.astimezone(zone)
    if (  # the common case: a step planned for a weekday morning, on the hour
        lo_local.weekday() < 5
        and policy.send_window_start <= lo_local.hour < policy.send_window_end
        and not (lo_local.minute % 5 or lo_local.second or lo_local.microsecond)
    ):
        return lo
    hi_local = hi.astimezone(zone)
    found = _scan(
        lo_local, hi_local, policy.send_window_start, policy.send_window_end, weekdays_only=True
    ) or _scan(lo_local, hi_local, policy.daytime_start, policy.daytime_end, weekdays_only=False)
    return lo if found == lo_local else found


def is_daytime(moment: datetime, zone: ZoneInfo, policy: Policy) -> bool:
    """Whether ``moment`` is a weekday daytime hour for someone in ``zone``."""
    local = moment.astimezone(zone)
    return local.weekday() < 5 and policy.daytime_start <= local.hour < policy.daytime_end
