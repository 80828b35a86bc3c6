"""`total_duration` — the programme lasts at most two years, three with særlige grunner, not
counting approved leave and interruptions (error).

Sosialtjenesteloven § 32 (from 1 January 2019: up to 2 years, extendable by up to 1 year "når
særlige grunner tilsier det"; before 2019: 1 year + 1 year, and 6 more months in special cases).
Approved leave (permisjon) and interruptions (avbrudd, § 34) push the end date: they are not part of
the maximum (kvp-rules.md). Vacation is part of the programme year and counts.

How it is counted: the programme's counted days (`calendar.counted_days`: programme days not inside
a leave or interruption) against the number of days in two (three) years from the first day,
`base.span_last_day(start, 24)` – so a span over 29 February 2028 has one day more. The three-year
limit applies when any period is marked `special_reasons`. The finding's date is the first counted
day past the limit.
"""

from __future__ import annotations

from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, dated, fmt_months, span_last_day
from planner.text import fmt_date, fmt_days

LAW_TEXT = (
    "Sosialtjenesteloven § 32 (fra 1. januar 2019): programmet kan vare i inntil to år, og kan "
    "forlenges med inntil ett år når særlige grunner tilsier det. Godkjent permisjon og avbrudd "
    "(§ 34) regnes ikke med i varigheten."
)


def check(ctx: RuleContext) -> list[Finding]:
    start = ctx.start
    if start is None:
        return []
    special = any(p.special_reasons for p in ctx.plan.periods)
    months = int(ctx.number("program.varighet_maks_mnd", start))
    parameters = [ctx.parameter_row("program.varighet_maks_mnd", start)]
    if special:
        months += int(ctx.number("program.forlengelse_maks_mnd", start))
        parameters.append(ctx.parameter_row("program.forlengelse_maks_mnd", start))
    last = span_last_day(start, months)
    allowed = (last - start).days + 1
    counted = ctx.calendar.counted_days
    if len(counted) <= allowed:
        return []
    over = len(counted) - allowed
    pushed = len(ctx.calendar.programme_days) - len(counted)
    limit_text = f"{fmt_months(months)} fra {fmt_date(start)}" + (" med særlige grunner" if special else "")
    message = (
        f"Programmet har {fmt_days(len(counted))} som teller; grensen er {fmt_days(allowed)} "
        f"({limit_text}). Grensen nås {fmt_date(counted[allowed - 1])}, så {fmt_days(over)} er for mye."
    )
    if not special:
        message += " Ved særlige grunner kan programmet forlenges med inntil ett år (merk perioden)."
    return [
        RULE.finding(
            message,
            Explanation(
                f"Programmet kan vare i inntil {fmt_months(months)}"
                + (" når det er forlenget av særlige grunner" if special else "")
                + ". Permisjon og avbrudd teller ikke med; ferie gjør det.",
                (
                    dated("Programmet starter", start),
                    dated("Programmet slutter", ctx.calendar.end),
                    ("Dager i programmet", str(len(ctx.calendar.programme_days))),
                    ("Dager i permisjon eller avbrudd (teller ikke)", str(pushed)),
                    ("Dager som teller", str(len(counted))),
                    ("Særlige grunner (forlenget)", "ja" if special else "nei"),
                ),
                tuple(parameters),
                (
                    (f"{fmt_months(months).capitalize()} fra start, til og med", last),
                    ("Grensen nås (siste dag som teller)", counted[allowed - 1]),
                    ("Første dag over grensen", counted[allowed]),
                ),
            ),
            day=counted[allowed],
        )
    ]


RULE = Rule(
    id="total_duration",
    title="Samlet varighet høyst to år (tre med særlige grunner)",
    reference="sotjl § 32",
    law_text=LAW_TEXT,
    default_severity=Severity.ERROR,
    check=check,
)
