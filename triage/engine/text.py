"""The result as readable plain text, for `triage evaluate` without --json."""

from __future__ import annotations

import textwrap

from .result import Result

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _cite(citations) -> str:
    return "; ".join(str(c) for c in citations)


def render_text(result: Result, disclaimer: str = "", trace: bool = False) -> str:
    """Urgency first, then each syndrome, what is not assessed, the notes, (with `trace`) every rule
    checked, and the closing line last."""
    lines: list[str] = []
    if disclaimer:
        lines += _wrap(disclaimer, "") + [""]
    urgency = result.urgency
    lines.append(f"URGENCY: {urgency.level.title}")
    lines += _wrap(urgency.level.message)
    for rule in urgency.fired:
        lines += _wrap(f"because: {rule.criterion} [{rule.id}]")
    for syndrome in result.syndromes:
        lines += [""] + _syndrome_lines(syndrome)
    if not result.syndromes:
        lines += ["", "No syndrome is pointed to by what was entered."]
    lines += _unassessed_lines(result)
    general = [rule for rule in result.notes if not result.syndrome(rule.syndrome)]
    if general:
        lines += ["", "NOTES"]
        for rule in general:
            lines += _wrap(f"- {rule.criterion}")
    if trace:
        lines += ["", "RULES CHECKED ([x] fired, [ ] did not; ? the blanks leave it open)"]
        for entry in result.trace:
            mark = "?" if entry.outcome is None else "x" if entry.fired else " "
            lines += _wrap(f"[{mark}] {entry.rule.id} ({entry.rule.where()}): {entry.reason}")
    lines += ["", result.closing]
    return "\n".join(lines) + "\n"


def _unassessed_lines(result: Result) -> list[str]:
    open_ = [(s, r) for s, r in result.ranges.items() if r.grade is not None and r.at_most > r.grade]
    lines = ["", "NOT ASSESSED (what was left blank could raise these grades)"] if open_ else []
    for syndrome_id, r in open_:
        name = result.content.syndromes[syndrome_id].short_name
        lines += _wrap(f"- {name}: grade {r.grade}, could be up to {r.at_most}; not given: " + ", ".join(r.unassessed))
    return lines


def _syndrome_lines(s) -> list[str]:
    if s.grade is not None:
        head = f"{s.name}: grade {s.grade}" + (f" (could be up to {s.grade_at_most})"
                                                if s.grade_at_most > s.grade else "")
    elif s.flagged:
        head = f"{s.name}: features present"
    else:
        head = f"{s.name}: not graded"
    lines = [head]
    if s.decided_by:
        r = s.decided_by
        lines += _wrap(f"Decided by {r.id}: {r.criterion}. Source: {_cite(r.sources)} ({r.where()})")
    if s.signs:
        lines += _wrap("Signs ticked: " + ", ".join(i.plain for i in s.signs))
    if s.assessment_note:
        lines += _wrap(s.assessment_note)
    lines += _timing_lines(s.timing)
    if s.management:
        lines.append("  What care teams may do, as the sources describe it:")
        for approach in s.management:
            lines += _wrap(f"- {approach.text} ({_cite(approach.sources)})", "    ")
    for rule in s.notes:
        lines += _wrap(f"Note: {rule.criterion}")
    return lines


def _timing_lines(timing) -> list[str]:
    lines = ["  Typical timing (days after infusion):"]
    for w in timing.windows:
        end = "onwards" if w.to_day is None else f"to {w.to_day}"
        mark = "" if timing.day is None else (" <- day fits" if w.contains(timing.day) else "")
        lines += _wrap(f"- day {w.from_day} {end}: {w.label}{mark} ({_cite(w.sources)})", "    ")
    if timing.day is not None:
        verdict = "fits" if timing.fits else "is outside"
        lines += _wrap(f"Day {timing.day} after infusion {verdict} the typical windows.")
    if timing.note:
        lines += _wrap(timing.note)
    return lines
