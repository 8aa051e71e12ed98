"""The planner: from one interview to a dated, cited list of steps.

``plan(case, now=...)`` returns the steps listed in docs/ARCHITECTURE.md — celebrate,
debrief, one thank-you per panel member, promises, heads-ups to references and referrer,
the two-day revisit, keep searching, two follow-ups and a close-out, and after an outcome
the reply it calls for. Each step carries the rule that made it, why (a coded reason with
the actual dates, worded where it is read: ``domain/reasons.py``), and the sources behind
the rule.

Timing is exact so anyone can predict a plan (all settings in :class:`Policy`):

* "N business days after D" steps N business days forward from D, D excluded, skipping
  weekends and the candidate's public holidays.
* First follow-up: 08:00 recipient time on the 1st business day after the decision date,
  or on the 5th business day after the interview when no time frame was stated or it
  could not be parsed. A time they named without a date ("after the school holidays")
  plans none until the user records their date (the ``ask_for_date`` notice); one counted
  from a known day ("two weeks after Easter") waits until after that day. Second: 5
  business days after the first. Close-out: 10 business days after the second.
  ``no_contact`` removes all three.
* Thank-you: ``not_before`` = interview end, ``due`` = end + 24 h, ``send_at`` the first
  weekday 08:00–11:00 slot in the recipient's zone within [max(now, end), due], else the
  first 08:00–20:00 slot.

What already happened in this round (``case.this_round()``) marks steps done and moves later
follow-ups; an outcome removes what no longer applies and adds the reply it calls for.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import msgspec

from afterview.domain import promises, rules, serial
from afterview.domain.business_days import BusinessCalendar, calendar_for
from afterview.domain.channels import (
    FIXED_CHANNELS,
    reachable,
    reachable_lead,
    routing_reason,
    step_channel,
)
from afterview.domain.date_range import check_interview_near
from afterview.domain.kinds import DEADLINE_KINDS, ROUTED_KINDS
from afterview.domain.models import Case, Channel, PlanKind
from afterview.domain.reasons import Reason, reason, word
from afterview.domain.settings import Policy
from afterview.domain.steps import PLAN_FIELDS, Step
from afterview.domain.timeframes import Timeframe, parse_decision, parse_due
from afterview.domain.timing import at_local, earlier, instant, local_date, slot_within

END_OF_DAY_HOUR = 17
# A step due within hours of an event (``Kind.deadline`` in the kind catalogue) may take a
# weekend daytime hour when no weekday slot is left before its deadline (the deadline wins
# over the window, see docs/ARCHITECTURE.md).
_PLAN_RULES = {
    r.id: r for r in rules.catalogue("plan")
}  # deadlines for the employer's side fall at the end of their working day


def _hours(n: int) -> timedelta:
    """A span of ``n`` hours, built once (``timedelta(hours=n)`` costs a few µs each time)."""
    return timedelta(hours=n)


# The reasons with nothing to fill in, made once.
_CELEBRATE = reason("celebrate")
_WRITE = reason("reflection_write")
_REVISIT = reason("reflection_revisit")
_KEEP_IN_TOUCH = reason("keep_in_touch")

_ONE_HOUR = _hours(1)
_ONE_DAY = _hours(24)
_THREE_DAYS = _hours(72)


class Notice(msgspec.Struct, frozen=True, gc=False):
    code: str
    message: str


_Day = date  # a field below is named ``date``


class Outlook(msgspec.Struct, frozen=True, gc=False):
    """What they said about their decision, and the day the plan expects it."""

    said: str | None
    date: _Day | None
    parsed: bool
    expected: _Day


class Plan(msgspec.Struct, frozen=True, gc=False):
    """One interview's dated steps and what the plan could not decide.

    (A msgspec ``Struct``, as the steps are: defined in C, where a dataclass took most of a
    millisecond of every start; docs/PERFORMANCE.md.)"""

    decision: Timeframe  # printed in ``outlook``
    expected_decision: date
    actions: tuple[Step, ...]
    notices: tuple[Notice, ...]

    json_order: ClassVar[tuple[str, ...]] = ("decision", "actions", "notices")
    json_meta: ClassVar[dict[str, serial.Meta]] = {
        "decision": serial.meta(omit=True),
        "expected_decision": serial.meta(omit=True),
        "actions": serial.meta(view=PLAN_FIELDS),
    }

    @serial.computed(name="decision")
    def outlook(self) -> Outlook:
        d = self.decision
        return Outlook(d.said, d.date, d.parsed, self.expected_decision)


class FollowUpSchedule(msgspec.Struct, frozen=True):
    """When follow-ups may start, shared by the planner and the guards."""

    decision: Timeframe
    expected_decision: date
    first_day: date  # the first business day a follow-up is welcome
    held: bool = False  # they named a period that has no date: ask them before following up


def calendar_of(case: Case, policy: Policy) -> BusinessCalendar:
    cand = case.candidate
    return calendar_for(cand.country, cand.subdivision, optional=policy.optional_holidays)


def follow_up_schedule(case: Case, policy: Policy) -> FollowUpSchedule:
    cal = calendar_of(case, policy)
    day = local_date(case.interview.end, case.interview.timezone)
    decision = parse_decision(
        case.interview.decision,
        today=day,
        calendar=cal,
        dayfirst=case.candidate.country != "US",
    )
    if decision.date is not None:
        first = cal.add(decision.date, policy.follow_up_after_decision_days)
        expected = decision.date
    else:
        first = cal.add(day, policy.follow_up_default_days)
        expected = cal.add(day, policy.expected_decision_days)
        if decision.not_before is not None:  # "two weeks after Easter": never before Easter
            first = max(first, cal.add(decision.not_before, policy.follow_up_after_decision_days))
            expected = max(expected, decision.not_before)
    held = decision.ambiguous and decision.not_before is None
    if case.reply is not None and case.reply.not_until is not None:
        # "Not now, try after the 15th": every follow-up still to come waits until then.
        first = max(first, cal.add(case.reply.not_until, policy.follow_up_after_decision_days))
        held = False
    return FollowUpSchedule(decision, expected, first, held)


class _Window(msgspec.Struct):
    """The span a step is timed in: not before ``start``, due by ``due``.

    Steps often share one (every thank-you note, the heads-ups and an undated promise run
    from the interview's end to a day later), so its send slot in each recipient's zone is
    found once per plan.
    """

    start: datetime
    due: datetime
    # by recipient's zone and whether a weekend daytime hour will do
    slots: dict[tuple[ZoneInfo, bool], datetime | None] | None = None
    open: datetime | None = None  # where sending may begin: start, or now if later

    def slot(
        self, zone: ZoneInfo, now: datetime, policy: Policy, *, weekends: bool
    ) -> datetime | None:
        """The first good moment to send to someone in ``zone`` (``None``: no such moment)."""
        slots = self.slots
        key = (zone, weekends)
        if slots is None:  # the first recipient: where sending may begin, if at all
            slots = self.slots = {}
            lo = self.start if earlier(now, self.start) else now
            self.open = None if earlier(self.due, lo) else lo
        elif key in slots:
            return slots[key]
        begin = self.open
        found = slots[key] = (
            None if begin is None else slot_within(begin, self.due, zone, policy, weekends=weekends)
        )
        return found


class _Builder:
    """Collects the steps of one plan; keeps ``plan`` itself short.

    Planning in bulk (a career centre replanning every client) made the small costs of
    zone-aware arithmetic add up, so the builder keeps one :class:`_Window` per span
    counted from the interview's end, whose send slots the steps in it share.
    """

    def __init__(self, case: Case, now: datetime, policy: Policy) -> None:
        self.case = case
        self.now = now
        self.policy = policy
        self.cal = calendar_of(case, policy)
        self.notices: list[Notice] = []
        self.steps: list[Step] = []
        self._zones = {m.name: m.timezone for m in case.interview.panel}
        self._home_zone = case.interview.timezone
        self.history = case.this_round()
        self._history = {(h.kind, (h.to or "").casefold()) for h in self.history}
        self._kinds = {h.kind for h in self.history}
        self.lead_person = _name(case.lead_contact())  # whom follow-ups and replies are for
        self.lead = _name(reachable_lead(case))  # who they go to (the same, if reachable)
        self._from_end: dict[int, _Window] = {}
        # the day the interview ended where the candidate lives: several steps count from it
        self.end_day = local_date(case.interview.end, case.candidate.timezone)

    def from_end(self, hours: int) -> _Window:
        """The span from the interview's end to ``hours`` later (one per plan and length)."""
        window = self._from_end.get(hours)
        if window is None:
            end = self.case.interview.end
            window = self._from_end[hours] = _Window(end, end + _hours(hours))
        return window

    def happened(self, kind: str, to: str | None = None) -> bool:
        """Whether the history shows a contact of this kind (to this person)."""
        if to is None:
            return kind in self._kinds
        return (kind, to.casefold()) in self._history

    def done_at(self, kind: str, to: str | None) -> datetime | None:
        """When the history first shows this step done (to this person, if recorded so)."""
        same = [h for h in self.history if h.kind == kind]
        if to is not None:
            mine = [h for h in same if (h.to or "").casefold() == to.casefold()]
            same = mine or same
        return min((h.at for h in same), default=None)

    def zone(self, name: str | None) -> ZoneInfo:
        """The recipient's zone (panel names here come from the panel itself)."""
        return self._zones.get(name or "", self._home_zone)

    def add(
        self,
        kind: PlanKind,
        rule_id: str,
        why: Reason,
        window: _Window,
        *,
        to: str | None = None,
        channel: Channel | None = None,
        done: bool = False,
        ref: str = "",
        done_at: datetime | None = None,
        person: str | None = None,
    ) -> None:
        """Add a step; ``person`` is whom a note is for when it goes ``to`` someone else.

        The channel is the kind's (``channels.step_channel``), unless one is given; a step
        for you alone has none.
        """
        if channel is None:  # most kinds go by one channel whoever they are for
            fixed = FIXED_CHANNELS
            channel = fixed[kind] if kind in fixed else step_channel(self.case, kind, to)
        send_at = None
        if done:  # a step done keeps the moment it was done, wherever the plan would put it
            at = done_at or (None if kind == "promise" else self.done_at(kind, to))
            if at is not None:
                window = _Window(at, at)
        elif channel is not None:
            send_at = window.slot(
                self.zone(to), self.now, self.policy, weekends=kind in DEADLINE_KINDS
            )
        rule = _PLAN_RULES[rule_id]
        if person is None:
            person = self.lead_person if to is not None and to == self.lead else to
        if kind in ROUTED_KINDS and to != person and routing_reason(self.case, person):
            why = self._routed(why, person)
        self.steps.append(
            Step(
                kind,
                to,
                channel,
                window.start,
                window.due,
                send_at,
                rule.id,
                why,
                rule.sources,
                "done" if done else "pending",
                ref,
            )
        )

    def _routed(self, why: Reason, person: str | None) -> Reason:
        """``why``, and why the note goes to someone else (``channels.routing_reason``)."""
        via = reachable(self.case, person)
        role = self.case.member(via).role if via is not None else ""
        return reason("routed", why=why, person=person, via=via, role=role, first=person)

    def drop_pending(self, kinds: set[str]) -> None:
        """Remove the steps of these kinds that are not done yet."""
        self.steps = [a for a in self.steps if a.status == "done" or a.kind not in kinds]

    def in_order(self) -> list[Step]:
        """The steps by instant, equal instants in the order they were added (the panel's).

        Sorting compares timestamps, not zone-aware datetimes: each such comparison
        across zones looks up two UTC offsets.
        """
        return sorted(self.steps, key=_start_instant)

    def notice(self, code: str, why: Reason) -> None:
        """A notice for the plan, worded now in the active locale (notices are not kept)."""
        self.notices.append(Notice(code, word(why)))

    def end_of_day(self, day: date, to: str | None = None) -> datetime:
        return at_local(day, END_OF_DAY_HOUR, self.zone(to))


def plan(case: Case, *, now: datetime, policy: Policy) -> Plan:
    """The follow-up plan for ``case`` as seen at ``now`` (an aware datetime)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    check_interview_near(case.interview.start, now)
    b = _Builder(case, now, policy)
    schedule = follow_up_schedule(case, policy)
    _explain_decision(b, schedule)
    _right_after(b)
    _thank_yous(b)
    _promises(b)
    _heads_ups(b)
    _keep_searching(b)
    _follow_ups(b, schedule)
    _after_outcome(b)
    actions = b.in_order()
    _overdue_notices(b, actions)
    return Plan(schedule.decision, schedule.expected_decision, tuple(actions), tuple(b.notices))


def _ask_for_date(schedule: FollowUpSchedule) -> Reason:
    """What to do when they named a period with no date ("after the school holidays")."""
    why = schedule.decision.why
    if schedule.held:
        return reason("n_ask_held", said=schedule.decision.said, why=why)
    return reason("n_ask_waits", why=why, day=schedule.first_day.isoformat())


def _start_instant(action: Step) -> float:
    return instant(action.not_before)


def _explain_decision(b: _Builder, schedule: FollowUpSchedule) -> None:
    decision = schedule.decision
    if decision.said is None:
        b.notice("no_timeframe", reason("n_no_timeframe", days=b.policy.follow_up_default_days))
    elif decision.ambiguous:
        b.notice("ask_for_date", _ask_for_date(schedule))
    elif not decision.parsed:
        days = b.policy.follow_up_default_days
        b.notice(
            "unparsed_timeframe",
            reason("n_unparsed_timeframe_why", said=decision.said, days=days, why=decision.why)
            if decision.why is not None
            else reason("n_unparsed_timeframe", said=decision.said, days=days),
        )


def _right_after(b: _Builder) -> None:
    iv = b.case.interview
    cand_zone = b.case.candidate.timezone
    end = iv.end
    b.add(
        "celebrate",
        "celebrate",
        _CELEBRATE,
        b.from_end(24),
    )
    evening = at_local(b.end_day, b.policy.debrief_hour, cand_zone)
    b.add(
        "reflection_write",
        "reflection_same_evening",
        _WRITE,
        _Window(end, max(evening, end + _ONE_HOUR)),
        done=b.happened("reflection_write"),
    )
    revisit = end + _hours(b.policy.revisit_hours)
    b.add(
        "reflection_revisit",
        "revisit_after_two_days",
        _REVISIT,
        _Window(revisit, revisit + _THREE_DAYS),
        done=b.happened("reflection_revisit"),
    )


def _thank_yous(b: _Builder) -> None:
    iv = b.case.interview
    window = b.from_end(b.policy.thank_you_hours)
    hours = b.policy.thank_you_hours
    for m in iv.panel:
        why = (
            reason("thank_you_topic", name=m.name, topic=m.topics[0], hours=hours)
            if m.topics
            else reason("thank_you", name=m.name, hours=hours)
        )
        b.add(
            "thank_you",
            "thank_you_within_24h",
            why,
            window,
            to=m.name,
            done=b.happened("thank_you", m.name),
        )


def _promises(b: _Builder) -> None:
    iv = b.case.interview
    delivered = promises.delivered_flags(b.case)
    for index, (promise, done) in enumerate(zip(iv.promises, delivered, strict=True)):
        person = promises.recipient_of(b.case, promise) or b.lead_person
        to = reachable(b.case, person)
        when = parse_due(
            promise.by,
            today=b.end_day,
            calendar=b.cal,
            dayfirst=b.case.candidate.country != "US",
        )
        if when.date is not None:
            due = b.end_of_day(when.date, to)
            why = reason(
                "promise_dated", what=promise.what, by=promise.by, day=when.date.isoformat()
            )
            window = _Window(iv.end, due) if earlier(iv.end, due) else None
        else:
            window = None
            hours = b.policy.promise_default_hours
            why = reason("promise_undated", what=promise.what, hours=hours)
            if promise.by:
                b.notice(
                    "unparsed_promise_date",
                    reason(
                        "n_unparsed_promise_date", by=promise.by, what=promise.what, hours=hours
                    ),
                )
        if window is None:  # no date, or one not after the interview
            window = b.from_end(b.policy.promise_default_hours)
        b.add(
            "promise",
            "promise_on_time",
            why,
            window,
            to=to,
            done=done,
            ref=str(index),
            person=person,
        )


def _heads_ups(b: _Builder) -> None:
    app = b.case.application
    window = b.from_end(b.policy.notify_hours)
    for ref in app.references:
        b.add(
            "notify_references",
            "references_heads_up",
            reason("notify_references", name=ref.name, company=app.company, role=app.role),
            window,
            to=ref.name,
            done=b.happened("notify_references", ref.name),
        )
    if app.referrer:
        b.add(
            "notify_referrer",
            "referrer_thanks",
            reason("notify_referrer", name=app.referrer.name),
            window,
            to=app.referrer.name,
            done=b.happened("notify_referrer", app.referrer.name),
        )


def _keep_searching(b: _Builder) -> None:
    outcome = b.case.outcome
    if outcome and outcome.kind == "offer" and outcome.on_paper:
        return
    active = len(b.case.active_pipeline())
    if active >= b.policy.pipeline_target:
        return
    iv = b.case.interview
    day = b.cal.add(b.end_day, 5)
    b.add(
        "keep_searching",
        "keep_searching",
        (
            reason("keep_searching", count=active, target=b.policy.pipeline_target)
            if active
            else reason("keep_searching_none", target=b.policy.pipeline_target)
        ),
        _Window(iv.end, b.end_of_day(day)),
    )


def _follow_ups(b: _Builder, schedule: FollowUpSchedule) -> None:
    if not _follow_ups_wanted(b):
        return
    if schedule.held:
        return  # _explain_decision asked for their date; never guess inside what they said
    to = b.lead
    zone = b.zone(to)
    channel = step_channel(b.case, "follow_up", to)
    sent = (
        sorted((h for h in b.history if h.kind == "follow_up"), key=lambda h: h.at)
        if b.happened("follow_up")
        else []
    )
    day = schedule.first_day
    whys = [
        _first_follow_up_why(b, schedule),
        reason("second_follow_up", days=b.policy.follow_up_spacing_days),
    ]
    rule_ids = ("follow_up_after_timeframe", "second_follow_up")
    last = day
    for i in range(min(b.policy.max_follow_ups, 2)):
        done = i < len(sent)
        if not done:  # never inside their time frame, nor before a date they asked to wait for
            day = max(day, schedule.first_day)
        nb = at_local(day, b.policy.send_window_start, zone)
        due = at_local(b.cal.add(day, 1), END_OF_DAY_HOUR, zone)
        b.add(
            "follow_up",
            rule_ids[i],
            whys[i],
            _Window(nb, due),
            to=to,
            channel=channel,
            done=done,
            done_at=sent[i].at if done else None,
        )
        last = local_date(sent[i].at, zone) if done else day
        day = b.cal.add(last, b.policy.follow_up_spacing_days)
    _close_out(b, last)


def _follow_ups_wanted(b: _Builder) -> bool:
    """Whether follow-ups are planned at all; when they are not, a notice says why."""
    case = b.case
    if case.interview.contact_preference == "no_contact":
        b.notice("no_contact", reason("n_no_contact"))
        return False
    if case.outcome is not None:
        return False
    if case.reply is not None:
        company = case.application.company
        replied = local_date(case.reply.at, case.candidate.timezone).isoformat()
        if case.reply.not_until is None:
            b.notice("replied", reason("n_replied", company=company, day=replied))
            return False
        until = case.reply.not_until.isoformat()
        b.notice(
            "replied_not_until",
            reason("n_replied_not_until", company=company, day=replied, until=until),
        )
    return True


def _first_follow_up_why(b: _Builder, schedule: FollowUpSchedule) -> Reason:
    """Why the first follow-up falls when it does: their time frame, or the default."""
    said = schedule.decision.said
    if schedule.decision.date:
        return reason("follow_up_dated", said=said, day=schedule.decision.date.isoformat())
    if schedule.decision.not_before:
        day = schedule.decision.not_before.isoformat()
        return reason("follow_up_not_before", said=said, day=day)
    return reason("follow_up_default", days=b.policy.follow_up_default_days)


def _close_out(b: _Builder, last: date) -> None:
    """Treat the process as closed after silence, counted from the last follow-up."""
    close_day = b.cal.add(last, b.policy.close_out_days)
    nb = at_local(close_day, b.policy.send_window_start, b.case.candidate.timezone)
    b.add(
        "close_out",
        "close_out_after_silence",
        reason("close_out", company=b.case.application.company, days=b.policy.close_out_days),
        _Window(nb, nb + _ONE_DAY),
    )


def _after_outcome(b: _Builder) -> None:
    outcome = b.case.outcome
    if outcome is None:
        return
    gone = {
        "offer": set(),
        # after a "no", nothing is left to celebrate or to thank them for
        "rejected": {"celebrate", "thank_you", "promise", "notify_references"},
        "withdrawn": {"celebrate", "thank_you", "promise", "notify_references"},
    }[outcome.kind]
    b.drop_pending(gone)
    lead = b.lead
    company = b.case.application.company
    if outcome.kind == "rejected":
        b.add(
            "rejection_reply",
            "rejection_reply",
            reason("rejection_reply", company=company),
            _Window(outcome.at, outcome.at + _hours(b.policy.rejection_reply_hours)),
            to=lead,
            done=b.happened("rejection_reply"),
        )
        day = b.cal.add(
            local_date(outcome.at, b.case.candidate.timezone), b.policy.keep_in_touch_days
        )
        lead = _name(b.case.lead_contact())  # a connection needs no email address
        nb = at_local(day, b.policy.send_window_start, b.zone(lead))
        b.add(
            "keep_in_touch",
            "keep_in_touch_after_close",
            _KEEP_IN_TOUCH,
            _Window(nb, b.end_of_day(b.cal.add(day, 5), lead)),
            to=lead,
            done=b.happened("keep_in_touch"),
        )
    elif outcome.kind == "offer":
        code = "offer_ack" if outcome.on_paper else "offer_ack_in_writing"
        b.add(
            "offer_ack",
            "offer_ack",
            reason(code, company=company),
            _Window(outcome.at, outcome.at + _ONE_DAY),
            to=lead,
            done=b.happened("offer_ack"),
        )


def _overdue_notices(b: _Builder, actions: list[Step]) -> None:
    late = [
        a
        for a in actions
        if a.kind == "thank_you" and a.status == "pending" and earlier(a.due, b.now)
    ]
    if late:
        names = ", ".join(a.to or "" for a in late)
        b.notice("thank_you_overdue", reason("n_thank_you_overdue", names=names))


def _name(member: Any) -> str | None:
    return member.name if member is not None else None


__all__ = [
    "FollowUpSchedule",
    "Notice",
    "Plan",
    "follow_up_schedule",
    "plan",
]
