"""Readable text for people: the plan as a timeline, verdicts, lint reports, drafts.

Programs use ``--json``; this module is only about what a person reads in a terminal.
Times show in the zone of the person they concern, with the zone named when it is not
the candidate's own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from afterview import i18n
from afterview.domain.serial import to_builtins
from afterview.domain.wording import kind_title, rule_title, words
from afterview.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from afterview.domain.drafting import Draft
    from afterview.domain.guards import Verdict
    from afterview.domain.models import Case
    from afterview.domain.planner import Plan

WIDTH = 88


def _when(moment: datetime, zone: ZoneInfo, home: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    text = f"{i18n.when(local, 'day_time')}"
    return text if zone.key == home.key else f"{text} {zone.key}"


def plan_text(case: Case, plan: Plan) -> str:
    iv, app, home = case.interview, case.application, case.candidate.timezone
    start = iv.start.astimezone(iv.timezone)
    interview = _("%(role)s at %(company)s — interview %(when)s (%(zone)s)")
    end = iv.end.astimezone(iv.timezone)
    when = f"{i18n.when(start, 'day_year_time')}–{i18n.when(end, 'time')}"
    place = {"role": app.role, "company": app.company, "when": when, "zone": iv.timezone.key}
    lines = [interview % place, _decision_line(plan), ""]
    for a in plan.actions:
        zone = case.zone_of(a.to)
        mark = "✓" if a.status == "done" else "•"
        who = f" → {a.to}" if a.to else ""
        via = " " + _("by %(channel)s") % {"channel": words(a.channel)} if a.channel else ""
        lines.append(f"{mark} {kind_title(a.kind)}{who}{via}")
        span = {"start": _when(a.not_before, zone, home), "when": _when(a.due, zone, home)}
        lines.append("    " + _("from %(start)s, due %(when)s") % span)
        if a.send_at and a.status == "pending":
            lines.append("    " + _("send at %(when)s") % {"when": _when(a.send_at, zone, home)})
        lines.extend(textwrap.wrap(a.why, WIDTH, initial_indent="    ", subsequent_indent="    "))
        lines.extend(
            textwrap.wrap(
                _("sources: %(sources)s") % {"sources": "; ".join(a.sources)},
                WIDTH,
                initial_indent="    ",
                subsequent_indent="      ",
            )
        )
    if plan.notices:
        lines += ["", _("Notices:")]
        for n in plan.notices:
            lines.extend(
                textwrap.wrap(n.message, WIDTH, initial_indent="  - ", subsequent_indent="    ")
            )
    return "\n".join(lines)


def _decision_line(plan: Plan) -> str:
    """What they said about the decision, and the date the plan reads from it (or expects)."""
    d = plan.decision
    expect = i18n.when(plan.expected_decision, "day_year")
    if d.date:
        said = _("Decision: they said %(said)r → %(day)s")
        return said % {"said": d.said, "day": i18n.when(d.date, "day_year")}
    if d.ambiguous and d.not_before:
        said = _("Decision: they said %(said)r (no date yet; not before %(day)s; ask them when)")
        return said % {"said": d.said, "day": i18n.when(d.not_before, "day_year")}
    if d.ambiguous:
        return _("Decision: they said %(said)r (no date yet; ask them when)") % {"said": d.said}
    if d.said:
        said = _("Decision: they said %(said)r (no date read; expect %(day)s)")
        return said % {"said": d.said, "day": expect}
    return _("Decision: nothing said (expect %(day)s)") % {"day": expect}


def verdict_text(verdict: Verdict) -> str:
    head = _("Allowed.") if verdict.allowed else _("Blocked.")
    lines = [head]
    for f in verdict.findings:
        lines.extend(_finding(to_builtins(f)))
    return "\n".join(lines)


_SEVERITY = {"error": N_("blocks it"), "warning": N_("a warning")}


def _finding(f: dict[str, Any]) -> list[str]:
    return [
        *textwrap.wrap(
            f"{rule_title(f['code'])} ({_(_SEVERITY[f['severity']])}): {f['message']}",
            WIDTH,
            initial_indent="  ",
            subsequent_indent="    ",
        ),
        *textwrap.wrap(
            _("sources: %(sources)s") % {"sources": "; ".join(f["sources"])},
            WIDTH,
            initial_indent="    ",
            subsequent_indent="      ",
        ),
    ]


def lint_text(report: dict[str, Any]) -> str:
    lines: list[str] = []
    for note in report["notes"]:
        findings = note["findings"]
        count = (
            ngettext("%(count)d finding", "%(count)d findings", len(findings))
            % {"count": len(findings)}
            if findings
            else _("clean")
        )
        lines.append(f"{note['to']}: {count}")
        for f in findings:
            lines.extend(_finding(f))
    return "\n".join(lines)


def drafts_text(drafts: Sequence[Draft]) -> str:
    blocks = []
    for d in drafts:
        variant = f", {d.variant}" if d.variant != "email" else ""
        by = _("by %(channel)s") % {"channel": words(d.channel)}
        to = _("%(kind)s to %(to)s") % {"kind": kind_title(d.kind), "to": d.to}
        head = f"── {to} ({by}{variant}) ".ljust(WIDTH, "─")
        subject = _("Subject: %(subject)s") % {"subject": d.subject}
        body = f"{subject}\n\n{d.body}" if d.subject else d.body
        lines = [head, *([d.why_channel, ""] if d.why_channel else []), body.rstrip()]
        if d.findings:
            lines += ["", _("Findings:")]
            lines += [line for f in d.findings for line in _finding(to_builtins(f))]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


_FAMILIES = {
    "guard": N_("Guards, checked before a contact happens:"),
    "lint": N_("Lint, checked on a note's text:"),
    "plan": N_("Plan rules, why each step of the plan is there:"),
}


def rules_text() -> str:
    """Every rule by its title, family by family (``--json`` and ``--markdown`` give IDs)."""
    from afterview.domain.rules import catalogue

    out: list[str] = []
    for family, heading in _FAMILIES.items():
        out += [_(heading)]
        for r in catalogue(family):  # type: ignore[arg-type]
            level = f" ({_(_SEVERITY[r.severity])})" if family != "plan" else ""
            out += textwrap.wrap(
                f"{rule_title(r.id)}{level}: {r.summary}",
                WIDTH,
                initial_indent="  ",
                subsequent_indent="    ",
            )
        out.append("")
    out.append(_("Each rule's reason and sources: `afterview rules --markdown`; IDs: `--json`."))
    return "\n".join(out)


def rules_markdown() -> str:
    """``docs/rules.md``: generated from the rule catalogue, checked by the test suite."""
    from afterview.domain.rules import catalogue

    titles = {
        "guard": (
            "Guards",
            "Checked before a contact happens. An error blocks the contact "
            "unless you override it with a stated reason; a warning is shown.",
        ),
        "lint": ("Lint", "Checked on a note's text before it goes out."),
        "plan": ("Plan rules", "Why each step of the follow-up plan is there."),
    }
    out = [
        "# Rules",
        "",
        "<!-- Generated by `afterview rules --markdown`; do not edit by hand. -->",
        "",
        "Every rule ID is a public contract: it appears in `check`, `lint` and `plan` output.",
        "",
    ]
    for family, (title, intro) in titles.items():
        out += [f"## {title}", "", intro, ""]
        for r in catalogue(family):  # type: ignore[arg-type]
            out += [
                f"### `{r.id}`" + (f" ({r.severity})" if family != "plan" else ""),
                "",
                f"{r.summary} {r.rationale}",
                "",
                "Sources: " + "; ".join(r.sources),
                "",
            ]
    return "\n".join(out)
