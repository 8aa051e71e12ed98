"""Clock arithmetic in the recipient's time zone: local times and send slots.

Every deadline afterview plans is a moment in someone's working day, so these helpers
build aware datetimes from a local date and hour, and find the first good moment to send
inside a window: a weekday morning if one fits, else any daytime hour.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from afterview.domain.settings import Policy


def at_local(day: date, hour: int, zone: ZoneInfo, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` wall-clock time in ``zone``."""
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _round_up(moment: datetime) -> datetime:
    """The next whole five minutes (a send time of 09:03:27 reads as a glitch)."""
    if not moment.second and not moment.microsecond and not moment.minute % 5:
        return moment
    base = moment.replace(second=0, microsecond=0)
    return base + timedelta(minutes=5 - base.minute % 5)


def _first_in_window(
    lo: datetime,
    hi: datetime,
    zone: ZoneInfo,
    start_hour: int,
    end_hour: int,
    *,
    weekdays_only: bool,
) -> datetime | None:
    # Work on the recipient's wall clock: naive comparisons are several times cheaper
    # than comparing aware datetimes from different zones.
    lo_wall = lo.astimezone(zone).replace(tzinfo=None)
    hi_wall = hi.astimezone(zone).replace(tzinfo=None)
    day = lo_wall.date()
    last = hi_wall.date()
    while day <= last:
        if not weekdays_only or day.weekday() < 5:
            closes = datetime(day.year, day.month, day.day, end_hour)
            if lo_wall < closes:
                opens = datetime(day.year, day.month, day.day, start_hour)
                if lo_wall <= opens:
                    found = opens
                else:
                    found = _round_up(lo_wall)
                    if found >= closes:  # rounding pushed it out: take the exact moment
                        found = lo_wall
                if found > hi_wall:
                    return None
                return lo if found == lo_wall else found.replace(tzinfo=zone)
        day += timedelta(days=1)
    return None


def send_slot(lo: datetime, hi: datetime, zone: ZoneInfo, policy: Policy) -> datetime | None:
    """The first good moment in [lo, hi] to send to someone in ``zone``.

    A weekday between ``send_window_start`` and ``send_window_end`` when such a slot
    exists in the range; else any day between ``daytime_start`` and ``daytime_end``;
    else ``None`` (the range holds no decent hour, or is empty).
    """
    if lo > hi:
        return None
    return _first_in_window(
        lo, hi, zone, policy.send_window_start, policy.send_window_end, weekdays_only=True
    ) or _first_in_window(
        lo, hi, zone, policy.daytime_start, policy.daytime_end, weekdays_only=False
    )


def is_daytime(moment: datetime, zone: ZoneInfo, policy: Policy) -> bool:
    """Whether ``moment`` is a weekday daytime hour for someone in ``zone``."""
    local = moment.astimezone(zone)
    return local.weekday() < 5 and policy.daytime_start <= local.hour < policy.daytime_end
