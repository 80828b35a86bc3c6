"""Evaluations (forskrift om kvalifiseringsprogram § 1; sotjl § 30).

- `evaluations_scheduled` (error, contract): the programme states when it is evaluated, and each
  vedtak period holds at least one planned evaluation (an evaluation is the ground for extending or
  ending at the period's expiry). The finding names the period.
- `evaluation_outside_programme` (warning, added): an evaluation date outside every period is
  probably a typo and does not count for any period.

Evaluation dates on a weekend or a holiday are accepted: the plan states a date, not a meeting.
"""

from __future__ import annotations

from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, dated, period_label
from planner.text import fmt_date, fmt_list, fmt_span

LAW_TEXT = (
    "Forskrift om kvalifiseringsprogram § 1 (2012): «Kvalifiseringsprogrammets innhold skal evalueres i "
    "løpet av programperioden. Det skal fremgå av programmet på hvilket tidspunkt det skal foretas "
    "evalueringer.» Sosialtjenesteloven § 30: programmet skal angi tidspunktene for evalueringer."
)


def check_scheduled(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    dates = sorted(e.date for e in ctx.plan.evaluations)
    for index, period in enumerate(ctx.plan.periods):
        if any(period.start <= d <= period.end for d in dates):
            continue
        label = period_label(index, period)
        out.append(
            SCHEDULED.finding(
                f"{label[0].upper()}{label[1:]} har ingen planlagt evaluering. Programmet skal angi når det "
                "evalueres; legg inn minst én evalueringsdato i perioden.",
                Explanation(
                    "Programmet skal si når det skal evalueres. Planleggeren krever minst én evaluering i hver "
                    "vedtaksperiode, slik at det finnes et grunnlag for å forlenge eller avslutte.",
                    (
                        (f"Vedtaksperiode {index + 1}", fmt_span(period.start, period.end)),
                        ("Planlagte evalueringer", fmt_list([fmt_date(d) for d in dates]) or "ingen"),
                    ),
                    (),
                    (("Perioden starter", period.start), ("Perioden slutter", period.end)),
                ),
                day=period.start,
            )
        )
    return out


def check_outside(ctx: RuleContext) -> list[Finding]:
    if ctx.start is None:
        return []
    out: list[Finding] = []
    for evaluation in ctx.plan.evaluations:
        if ctx.calendar.in_programme(evaluation.date):
            continue
        out.append(
            OUTSIDE.finding(
                f"Evalueringen {fmt_date(evaluation.date)} ligger utenfor vedtaksperiodene "
                f"({fmt_span(ctx.start, ctx.end)}) og teller ikke for noen periode.",
                Explanation(
                    "En evaluering skal skje mens programmet pågår. Datoen ligger utenfor alle vedtaksperiodene.",
                    (
                        dated("Evalueringsdato", evaluation.date),
                        ("Programmet", fmt_span(ctx.start, ctx.end)),
                    ),
                ),
                day=evaluation.date,
            )
        )
    return out


SCHEDULED = Rule(
    id="evaluations_scheduled",
    title="Evaluering planlagt i hver vedtaksperiode",
    reference="forskrift om kvalifiseringsprogram § 1",
    law_text=LAW_TEXT,
    default_severity=Severity.ERROR,
    check=check_scheduled,
)

OUTSIDE = Rule(
    id="evaluation_outside_programme",
    title="Evaluering innenfor programmet",
    reference="forskrift om kvalifiseringsprogram § 1",
    law_text=LAW_TEXT,
    default_severity=Severity.WARNING,
    check=check_outside,
)
