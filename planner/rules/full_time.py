"""`full_time` — every week of the programme is full time (error).

Sosialtjenesteloven § 30 tredje ledd: the programme is all year and full time, 37.5 hours a week,
and the sum of paid work and programme activities must be at least full time.

How weeks are counted (spec/plan-format.md), via `calendar.weeks`: for each ISO week the programme
touches, the required hours are 37.5 × (working days of that week) / 5 — working days being
programme weekdays that are neither a public holiday nor inside a vacation, leave or interruption —
and the planned hours are what the counting activities plan on those working days. A week is short
when planned + `program.avrundingsmargin_timer` (0.01 h) < required. Hours on weekends and holidays
are not counted (the spec counts weekdays); a partial first or last week requires only its
programme days. One finding names every short week (`weeks`); the message gives the count and the
first three with the hours missing, the explanation up to ten.
"""

from __future__ import annotations

from decimal import Decimal

from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, first_few
from planner.text import fmt_hours, fmt_hours_unit

LAW_TEXT = (
    "Sosialtjenesteloven § 30 tredje ledd: «Programmet skal være helårig og på full tid.» "
    "Deltakeren setter av 37,5 timer per uke, og summen av lønnet arbeid og aktiviteter i programmet "
    "skal minst utgjøre full tid. Forskriften (2012): «Det innebærer at deltakeren må sette av 37 ½ "
    "time per uke til programmet.»"
)

EXPLAIN_WEEKS = 10


def check(ctx: RuleContext) -> list[Finding]:
    start = ctx.start
    if start is None:
        return []
    tolerance = ctx.number("program.avrundingsmargin_timer", start)
    short = [w for w in ctx.calendar.weeks if w.planned_hours + tolerance < w.required_hours]
    if not short:
        return []
    described = [f"{w.label} (mangler {fmt_hours(w.missing_hours)} t)" for w in short]
    count = len(short)
    noun = "uke" if count == 1 else "uker"
    inputs = [
        ("Uker i programmet", str(len(ctx.calendar.weeks))),
        ("Uker under full tid", str(count)),
        ("Timer som mangler i alt", fmt_hours_unit(sum((w.missing_hours for w in short), Decimal(0)))),
    ]
    inputs += [
        (w.label, f"planlagt {fmt_hours(w.planned_hours)} av {fmt_hours_unit(w.required_hours)}")
        for w in short[:EXPLAIN_WEEKS]
    ]
    if count > EXPLAIN_WEEKS:
        inputs.append(("Flere uker", f"{count - EXPLAIN_WEEKS} til"))
    first_day = short[0].working_days[0]
    week_hours = ctx.number("program.timer_per_uke", start)
    return [
        RULE.finding(
            f"{count} {noun} har færre planlagte timer enn full tid: {first_few(described)}.",
            Explanation(
                f"Programmet skal være på full tid: {fmt_hours_unit(week_hours)} i en hel uke, færre i uker med "
                f"helligdager, ferie eller permisjon ({fmt_hours_unit(week_hours / 5)} per virkedag). Lønnet arbeid "
                "og tiltak regnes sammen.",
                tuple(inputs),
                (
                    ctx.parameter_row("program.timer_per_uke", start),
                    ctx.parameter_row("program.avrundingsmargin_timer", start),
                ),
                (("Første uke under full tid", first_day),),
            ),
            weeks=tuple(w.label for w in short),
            day=first_day,
        )
    ]


RULE = Rule(
    id="full_time",
    title="Full tid hver uke",
    reference="sotjl § 30 tredje ledd",
    law_text=LAW_TEXT,
    default_severity=Severity.ERROR,
    check=check,
)
