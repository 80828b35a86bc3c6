"""The vedtak periods (forskrift om kvalifiseringsprogram § 2; sotjl § 32).

Three rules:

- `no_periods` (error, added): a plan with no vedtak period has no programme to check. The loader
  accepts a file without `periods` (a draft); the other rules then say nothing.
- `periods_contiguous` (error, added): the periods follow each other in order, without gaps or
  overlaps (spec/plan-format.md: "vedtak periods, in order, without gaps"). At the end of a period
  the kommune decides to extend or to end the programme; a gap is neither, and an overlap is two
  vedtak for the same days.
- `period_max_1_year` (error, contract): each period lasts at most one year. "One year" from a
  start day is up to the day before the same date a year later; from 29 February the year has
  passed on 1 March, so the period may end on 28 February (366 days; see `base.span_last_day`).
  A period 2 March 2026–1 March 2027 (365 days) is the longest from 2 March 2026; a period
  1 January 2024–31 December 2024 has 366 days and is allowed.
  Approved leave and interruptions inside the period are added to it ("Godkjente permisjoner
  legges til innvilget varighet", the 2013 slides; kvp-rules.md: they push the end date), so the
  rule counts the period's counted days (`calendar.counted_days`) against the days of one year: a
  year with two weeks' permisjon may end two weeks later without a finding.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from planner.dates import ONE_DAY
from planner.rules.base import (
    Explanation,
    Finding,
    Rule,
    RuleContext,
    Severity,
    dated,
    fmt_months,
    period_label,
    span_last_day,
)
from planner.text import fmt_date, fmt_days, fmt_span

LAW_TEXT_PERIOD = (
    "Forskrift om kvalifiseringsprogram § 2: hver vedtaksperiode er på inntil ett år, og varigheten "
    "skal fremgå av vedtaket. Når perioden løper ut, vurderer kommunen om programmet skal forlenges "
    "eller avsluttes (sotjl § 32)."
)

LAW_TEXT_PLAN = (
    "Forskrift om kvalifiseringsprogram § 2 og sosialtjenesteloven § 32: programmet gis for en "
    "vedtaksperiode, og varigheten skal fremgå av vedtaket. Planformatet: vedtaksperiodene står i "
    "rekkefølge, uten hull."
)


def check_no_periods(ctx: RuleContext) -> list[Finding]:
    if ctx.plan.periods:
        return []
    return [
        NO_PERIODS.finding(
            "Planen har ingen vedtaksperiode. Legg inn perioden fra vedtaket (første og siste dag), så kan "
            "resten av planen sjekkes.",
            Explanation(
                "Uten en vedtaksperiode vet ikke planleggeren når programmet går, og ingen av de andre "
                "reglene kan sjekkes.",
                (("Vedtaksperioder", "ingen"),),
            ),
        )
    ]


def check_contiguous(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    periods = ctx.plan.periods  # in the order of the file: the order is part of what is checked
    for index in range(1, len(periods)):
        before, after = periods[index - 1], periods[index]
        expected = before.end + ONE_DAY
        if after.start == expected:
            continue
        label_before, label_after = period_label(index - 1, before), period_label(index, after)
        inputs = (
            (f"Vedtaksperiode {index}", fmt_span(before.start, before.end)),
            (f"Vedtaksperiode {index + 1}", fmt_span(after.start, after.end)),
        )
        dates = (("Neste periode skulle starte", expected),)
        if after.start < before.start:
            message = (
                f"Vedtaksperiodene står ikke i rekkefølge: {label_after} starter før {label_before}. "
                "Sorter periodene etter dato."
            )
            summary = "Vedtaksperiodene skal stå i tidsrekkefølge, den ene etter den andre."
        elif after.start <= before.end:
            overlap = (min(before.end, after.end) - after.start).days + 1
            message = (
                f"{label_after[0].upper()}{label_after[1:]} overlapper {label_before} med {fmt_days(overlap)}. "
                f"Neste periode skal starte dagen etter at den forrige slutter, {fmt_date(expected)}."
            )
            summary = "To vedtak kan ikke gjelde de samme dagene; neste periode begynner dagen etter forrige."
        else:
            gap = (after.start - expected).days
            message = (
                f"Det er {fmt_days(gap)} uten vedtak mellom {label_before} og {label_after}. "
                f"En forlengelse skal starte dagen etter at forrige periode slutter, {fmt_date(expected)}."
            )
            summary = (
                "Når en vedtaksperiode løper ut, skal kommunen forlenge eller avslutte programmet. Et hull "
                "mellom periodene er verken forlengelse eller avslutning."
            )
        out.append(CONTIGUOUS.finding(message, Explanation(summary, inputs, (), dates), day=expected))
    return out


def check_max_one_year(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    counted_all = ctx.calendar.counted_days
    for index, period in enumerate(ctx.plan.periods):
        months = int(ctx.number("program.vedtaksperiode_maks_mnd", period.start))
        last = span_last_day(period.start, months)
        if period.end <= last:
            continue
        allowed = (last - period.start).days + 1
        counted = counted_all[bisect_left(counted_all, period.start) : bisect_right(counted_all, period.end)]
        if len(counted) <= allowed:
            continue  # leave or interruptions inside the period push its end (they are added to it)
        length = (period.end - period.start).days + 1
        pushed = length - len(counted)
        label = period_label(index, period)
        too_many = len(counted) - allowed
        counts = f"{fmt_days(length)}" if not pushed else (
            f"{fmt_days(len(counted))} som teller ({fmt_days(pushed)} permisjon eller avbrudd er holdt utenfor)"
        )
        out.append(
            PERIOD_MAX.finding(
                f"{label[0].upper()}{label[1:]} varer {counts}. En vedtaksperiode kan vare i høyst "
                f"{fmt_months(months)}, {fmt_days(allowed)} fra {fmt_date(period.start)}"
                + (f" (til og med {fmt_date(last)})" if not pushed else "")
                + f"; {fmt_days(too_many)} for mye, fra {fmt_date(counted[allowed])}.",
                Explanation(
                    "Hver vedtaksperiode kan vare i inntil ett år. Året regnes fra første dag i perioden til "
                    "dagen før samme dato året etter; godkjent permisjon og avbrudd legges til. Trenger "
                    "deltakeren mer tid, fattes et nytt vedtak om forlengelse.",
                    (
                        dated("Perioden starter", period.start),
                        dated("Perioden slutter", period.end),
                        ("Dager i perioden", str(length)),
                        ("Dager i permisjon eller avbrudd (legges til)", str(pushed)),
                        ("Dager som teller", str(len(counted))),
                    ),
                    (ctx.parameter_row("program.vedtaksperiode_maks_mnd", period.start),),
                    (("Ett år uten permisjon slutter", last), ("Første dag over grensen", counted[allowed])),
                ),
                day=counted[allowed],
            )
        )
    return out


NO_PERIODS = Rule(
    id="no_periods",
    title="Planen har en vedtaksperiode",
    reference="forskrift om kvalifiseringsprogram § 2",
    law_text=LAW_TEXT_PLAN,
    default_severity=Severity.ERROR,
    check=check_no_periods,
)

CONTIGUOUS = Rule(
    id="periods_contiguous",
    title="Vedtaksperiodene henger sammen",
    reference="forskrift om kvalifiseringsprogram § 2; sotjl § 32",
    law_text=LAW_TEXT_PLAN,
    default_severity=Severity.ERROR,
    check=check_contiguous,
)

PERIOD_MAX = Rule(
    id="period_max_1_year",
    title="Hver vedtaksperiode er høyst ett år",
    reference="forskrift om kvalifiseringsprogram § 2",
    law_text=LAW_TEXT_PERIOD,
    default_severity=Severity.ERROR,
    check=check_max_one_year,
)
