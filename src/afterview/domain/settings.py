"""Planning defaults: every number afterview assumes, with the reason and the source.

A :class:`Policy` is passed to the planner, the guards and the lint. Each account stores
only the values it changed (its overrides); :func:`account_policy` lays them over the cited
defaults, so an account that never changed a value follows the default, even a default a
later version corrects. :func:`describe` lists every field with its reason for the docs and
the settings page. Reasons are marked with ``N_`` where they are written and translated by
:func:`describe`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from afterview.domain import sources as S
from afterview.domain.errors import InputError
from afterview.i18n import N_, _

# Each setting's reason and sources, in the order of Policy's fields (filled as it is defined).
_WHY: list[tuple[str, tuple[str, ...]]] = []


def _setting(default: Any, reason: str, *sources: str) -> Any:
    """A field's default, its reason and sources kept beside it (see :data:`_WHY`)."""
    _WHY.append((reason, sources))
    return default


class Policy(msgspec.Struct, frozen=True):
    """Every number the planner, the guards and the lint assume.

    A msgspec ``Struct`` rather than a dataclass: every command that plans defines it, and a
    dataclass of this many fields took over a millisecond of each start (docs/PERFORMANCE.md).
    """

    thank_you_hours: int = _setting(
        24,
        N_("A thank-you note goes to each panel member within 24 hours of the interview."),
        S.NOW_WHAT,
        S.SIX_RS,
        S.TOPRESUME_2017,
    )
    thank_you_late_hours: int = _setting(
        48,
        N_("After two days a thank-you note is late."),
        S.WHAT_TO_DO,
        S.SIX_RS,
    )
    send_window_start: int = _setting(
        8,
        N_("Notes are best read on weekday mornings, from 08:00 in the recipient's zone."),
        S.BOOMERANG_2016,
    )
    send_window_end: int = _setting(
        11,
        N_("The morning window closes at 11:00 in the recipient's zone."),
        S.BOOMERANG_2016,
    )
    daytime_start: int = _setting(
        8,
        N_("Outside the morning window, any daytime hour from 08:00 will do."),
        S.BOOMERANG_2016,
    )
    daytime_end: int = _setting(
        20,
        N_("Nothing leaves after 20:00 in the recipient's zone."),
        S.BOOMERANG_2016,
    )
    debrief_hour: int = _setting(
        21,
        N_("The debrief is written the same evening, while the memory is fresh."),
        S.SIX_TIPS,
        S.SIX_RS,
    )
    revisit_hours: int = _setting(
        48,
        N_("Come back to the debrief after a couple of days."),
        S.SIX_TIPS,
    )
    promise_default_hours: int = _setting(
        24,
        N_("A promise with no stated date is due the next day."),
        S.ACE,
    )
    notify_hours: int = _setting(
        24,
        N_("References and the referrer hear from you within a day, before anyone calls them."),
        S.SIX_RS,
    )
    follow_up_after_decision_days: int = _setting(
        1,
        N_("The first follow-up waits one business day past the stated decision date."),
        S.INDEED_2023,
        S.ACE,
    )
    follow_up_default_days: int = _setting(
        5,
        N_(
            "With no stated time frame, the first follow-up comes five business days after the "
            "interview."
        ),
        S.INDEED_2023,
    )
    follow_up_spacing_days: int = _setting(
        5,
        N_("Follow-ups are about five business days apart."),
        S.CAREER_NETWORK,
    )
    max_follow_ups: int = _setting(
        2,
        N_("Two follow-ups at most; more is pestering."),
        S.CAREER_NETWORK,
        S.NOW_WHAT,
    )
    close_out_days: int = _setting(
        10,
        N_("Ten business days of silence after the last follow-up close the process."),
        S.CAREER_NETWORK,
        S.GREENHOUSE_2024,
    )
    expected_decision_days: int = _setting(
        10,
        N_("When no time frame was given, expect a decision about ten business days later."),
        S.GLASSDOOR_2017,
    )
    rejection_reply_hours: int = _setting(
        48,
        N_("Answer a rejection within one or two days."),
        S.SIX_RS,
        S.TALENT_BOARD_2022,
    )
    keep_in_touch_days: int = _setting(
        3,
        N_("A connection request waits a few business days after the process is over."),
        S.SIX_RS,
    )
    optional_holidays: bool = _setting(
        True,
        N_(
            "In Canada, holidays the law leaves optional, such as Alberta's Heritage Day or the "
            "Civic Holiday in August, are days off at many employers, so they do not count as "
            "business days."
        ),
        S.OPTIONAL_HOLIDAYS,
    )
    pipeline_target: int = _setting(
        3,
        N_("Keep at least three other applications active while you wait."),
        S.NOW_WHAT,
        S.ACE,
    )
    note_min_words: int = _setting(
        75,
        N_("Shorter emails than 75 words read as curt."),
        S.BOOMERANG_2016,
    )
    note_max_words: int = _setting(
        200,
        N_("Longer than 200 words and a note stops being read."),
        S.BOOMERANG_2016,
    )
    near_duplicate_ratio: float = _setting(
        0.8,
        N_("Two notes 80% alike are the same note."),
        S.NOW_WHAT,
    )


DEFAULT_POLICY = Policy()
# name -> (default, reason, sources), in the order of the fields
_SETTINGS: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    name: (default, *why)
    for name, default, why in zip(
        Policy.__struct_fields__, Policy.__struct_defaults__, _WHY, strict=True
    )
}
_KINDS: dict[str, type] = {name: type(default) for name, (default, *_) in _SETTINGS.items()}

# The values a setting may take, inclusive. Hours are hours of the local day; the bounds
# keep a plan meaningful (a follow-up 0 business days after the interview is the interview
# day itself) without second-guessing a user who wants a faster or slower rhythm.
_HOUR = (0, 23)
_END_HOUR = (1, 24)
LIMITS: dict[str, tuple[float, float]] = {
    "thank_you_hours": (1, 168),
    "thank_you_late_hours": (1, 336),
    "send_window_start": _HOUR,
    "send_window_end": _END_HOUR,
    "daytime_start": _HOUR,
    "daytime_end": _END_HOUR,
    "debrief_hour": _HOUR,
    "revisit_hours": (1, 720),
    "promise_default_hours": (1, 720),
    "notify_hours": (1, 168),
    "follow_up_after_decision_days": (0, 30),
    "follow_up_default_days": (1, 60),
    "follow_up_spacing_days": (1, 60),
    "max_follow_ups": (0, 5),
    "close_out_days": (1, 120),
    "expected_decision_days": (1, 120),
    "rejection_reply_hours": (1, 336),
    "keep_in_touch_days": (0, 60),
    "pipeline_target": (0, 50),
    "note_min_words": (0, 1000),
    "note_max_words": (1, 5000),
    "near_duplicate_ratio": (0.05, 1.0),
}
_ORDERED = (  # (earlier, later, what the pair means): the first must be less than the second
    ("daytime_start", "send_window_start", None),
    ("send_window_start", "send_window_end", "the send window"),
    ("send_window_end", "daytime_end", None),
    ("daytime_start", "daytime_end", "the daytime hours"),
    ("note_min_words", "note_max_words", "a note's length"),
    ("thank_you_hours", "thank_you_late_hours", "a thank-you's deadline"),
)

# Each setting's name as people read it (the field's name in words, until it has a better one).
TITLES: dict[str, str] = {
    "thank_you_hours": N_("thank you hours"),
    "thank_you_late_hours": N_("thank you late hours"),
    "send_window_start": N_("send window start"),
    "send_window_end": N_("send window end"),
    "daytime_start": N_("daytime start"),
    "daytime_end": N_("daytime end"),
    "debrief_hour": N_("debrief hour"),
    "revisit_hours": N_("revisit hours"),
    "promise_default_hours": N_("promise default hours"),
    "notify_hours": N_("notify hours"),
    "follow_up_after_decision_days": N_("follow up after decision days"),
    "follow_up_default_days": N_("follow up default days"),
    "follow_up_spacing_days": N_("follow up spacing days"),
    "max_follow_ups": N_("max follow ups"),
    "close_out_days": N_("close out days"),
    "expected_decision_days": N_("expected decision days"),
    "rejection_reply_hours": N_("rejection reply hours"),
    "keep_in_touch_days": N_("keep in touch days"),
    "optional_holidays": N_("optional holidays"),
    "pipeline_target": N_("pipeline target"),
    "note_min_words": N_("note min words"),
    "note_max_words": N_("note max words"),
    "near_duplicate_ratio": N_("near duplicate ratio"),
}


def account_policy(overrides: Mapping[str, Any], *, where: str = "the settings") -> Policy:
    """The cited defaults with an account's stored overrides laid over them.

    Every value is checked (a known name, the right type, within :data:`LIMITS`, the
    windows in order), so a value stored by hand or by an older version cannot make the
    planner misbehave: it is refused with one sentence naming the setting.
    """
    values = {name: checked_value(name, value, where=where) for name, value in overrides.items()}
    policy = msgspec.structs.replace(DEFAULT_POLICY, **values)
    _check_order(policy, where)
    return policy


def checked_value(name: str, value: Any, *, where: str = "the settings") -> Any:
    """One setting's value, as the policy holds it; an :class:`InputError` when it is not
    a setting, not of its type or out of its range."""
    kind = _KINDS.get(name)
    if kind is None:
        raise InputError("not_a_setting", where=where, name=name, known=", ".join(_KINDS))
    if kind is bool:
        if not isinstance(value, bool):
            raise InputError("setting_not_bool", where=where, name=name, value=value)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError("setting_not_number", where=where, name=name, value=value)
    if kind is int and value != int(value):
        raise InputError("setting_not_whole", where=where, name=name, value=value)
    low, high = LIMITS[name]
    if not low <= value <= high:
        raise InputError(
            "setting_out_of_range", where=where, name=name, low=low, high=high, value=value
        )
    return kind(value)


_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


def read_value(name: str, text: str, *, where: str = "the settings") -> Any:
    """A setting's value as a person types it ("9", "0.75", "no"), checked like a stored one."""
    kind = _KINDS.get(name)
    said = text.strip().lower()
    value: Any = said
    if kind is bool and said in _TRUE + _FALSE:
        value = said in _TRUE
    elif kind is int or kind is float:
        try:
            value = int(said) if kind is int and said.lstrip("+-").isdigit() else float(said)
        except ValueError:
            value = text.strip()
    return checked_value(name, value, where=where)


def _check_order(policy: Policy, where: str) -> None:
    for first, second, meaning in _ORDERED:
        a, b = getattr(policy, first), getattr(policy, second)
        if (a < b) if meaning else (a <= b):
            continue
        if meaning:
            raise InputError(
                "settings_out_of_order",
                where=where,
                first=first,
                a=a,
                second=second,
                b=b,
                meaning=meaning,
            )
        raise InputError(
            "send_window_outside_day",
            where=where,
            send_start=policy.send_window_start,
            send_end=policy.send_window_end,
            day_start=policy.daytime_start,
            day_end=policy.daytime_end,
        )


def overrides_of(policy: Policy) -> dict[str, Any]:
    """The values of ``policy`` that differ from the cited defaults: what an account stores."""
    return {
        name: getattr(policy, name)
        for name, (default, *_) in _SETTINGS.items()
        if getattr(policy, name) != default
    }


def describe(policy: Policy) -> list[dict[str, Any]]:
    """Every setting with its current value, its default, title, reason and sources, the
    title and reason in the active locale (the sources are translated where shown)."""
    return [
        {
            "name": name,
            "title": _(TITLES[name]),
            "value": getattr(policy, name),
            "default": default,
            "reason": _(reason),
            "sources": list(sources),
        }
        for name, (default, reason, sources) in _SETTINGS.items()
    ]
