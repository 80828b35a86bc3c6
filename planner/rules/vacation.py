"""`vacation_max` — vacation is at most 25 working days per calendar year, 30 from the year the
participant turns 60 (error).

Forskrift om kvalifiseringsprogram § 6: ferie with stipend up to 25 virkedager per calendar year,
five more for participants over 60; the kommune sets when. Vacation is part of the programme year
and does not push the end date (kvp-rules.md).

How (the contract counts weekdays): the days inside `vacation` leaves that are Monday–Friday, not a
Norwegian public holiday and inside a vacation period of the programme, per calendar year. Days of
overlapping vacation entries count once; days outside the programme are not counted. A vacation
across New Year counts in each year for its own days. The extra days apply for the whole calendar
year in which the participant turns 60 (`program.ferie_ekstra_fra_alder`) and every year after.
No proration for a programme that covers only part of a year: the regulation gives none.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from planner.calendar import holiday_name
from planner.dates import days
from planner.model import LeaveKind
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, dated
from planner.text import fmt_date, fmt_days, fmt_span

LAW_TEXT = (
    "Forskrift om kvalifiseringsprogram § 6: deltakeren har rett til ferie med stønad i inntil 25 "
    "virkedager per kalenderår, og fem virkedager til fra og med det året deltakeren fyller 60 år. "
    "Kommunen fastsetter når ferien skal tas."
)


def check(ctx: RuleContext) -> list[Finding]:
    start, end = ctx.start, ctx.end
    if start is None or end is None:
        return []
    vacations = [v for v in ctx.plan.leaves if v.kind is LeaveKind.VACATION]
    if not vacations:
        return []
    by_year: dict[int, set[date]] = defaultdict(set)
    for vacation in vacations:
        for day in days(max(vacation.start, start), min(vacation.end, end)):
            if day.weekday() < 5 and holiday_name(day) is None and ctx.calendar.in_programme(day):
                by_year[day.year].add(day)
    birth = ctx.plan.participant.birth_date
    out: list[Finding] = []
    for year in sorted(by_year):
        taken = sorted(by_year[year])
        new_year = date(year, 1, 1)
        limit = int(ctx.number("program.ferie_virkedager", new_year))
        parameters = [ctx.parameter_row("program.ferie_virkedager", new_year)]
        extra_age = int(ctx.number("program.ferie_ekstra_fra_alder", new_year))
        older = year - birth.year >= extra_age
        if older:
            limit += int(ctx.number("program.ferie_ekstra_virkedager_over_60", new_year))
            parameters += [
                ctx.parameter_row("program.ferie_ekstra_virkedager_over_60", new_year),
                ctx.parameter_row("program.ferie_ekstra_fra_alder", new_year),
            ]
        if len(taken) <= limit:
            continue
        over = len(taken) - limit
        entries = [
            fmt_span(max(v.start, date(year, 1, 1)), min(v.end, date(year, 12, 31)))
            for v in vacations
            if v.start.year <= year <= v.end.year
        ]
        out.append(
            RULE.finding(
                f"Ferien i {year} er {fmt_days(len(taken))} (virkedager i programmet); grensen er {limit}"
                + (f", fordi deltakeren fyller {extra_age} år i {year}" if older and year - birth.year == extra_age else "")
                + f". Det er {fmt_days(over)} for mye, fra {fmt_date(taken[limit])}.",
                Explanation(
                    f"Deltakeren kan ha inntil {limit} virkedager ferie med stønad i et kalenderår"
                    + (f" (fem ekstra fra året deltakeren fyller {extra_age})" if older else "")
                    + ". Lørdager, søndager og helligdager teller ikke som feriedager.",
                    (
                        ("Ferie i programmet", "; ".join(entries)),
                        ("Virkedager ferie i " + str(year), str(len(taken))),
                        dated("Fødselsdato", birth),
                    ),
                    tuple(parameters),
                    (("Første feriedag over grensen", taken[limit]),),
                ),
                day=taken[limit],
            )
        )
    return out


RULE = Rule(
    id="vacation_max",
    title="Ferie høyst 25 virkedager per kalenderår",
    reference="forskrift om kvalifiseringsprogram § 6",
    law_text=LAW_TEXT,
    default_severity=Severity.ERROR,
    check=check,
)
