"""`age_18_67` — the participant is between 18 and 67 for the whole programme (error).

Sosialtjenesteloven § 29 første ledd, as in force from 1 January 2019 (lov 20. desember 2018
nr. 98). Before 2019 the law said "i yrkesaktiv alder"; the reform wrote the ages into the text.

Choices where the law is silent:
- "18 år" holds from the 18th birthday itself: a programme may start on it.
- "67 år": the programme must end before the 67th birthday, so the last day of the last period
  must be at most the day before it (`dates.anniversary`; born 29 February → 1 March).
- The plan's own period dates are the programme (an `ended` date is for the deltakerbevis only).
"""

from __future__ import annotations

from planner.dates import ONE_DAY, age_on, anniversary
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, dated
from planner.text import fmt_date

LAW_TEXT = (
    "Sosialtjenesteloven § 29 første ledd (fra 1. januar 2019): retten til kvalifiseringsprogram "
    "gjelder personer mellom 18 og 67 år med vesentlig nedsatt arbeids- og inntektsevne og ingen eller "
    "svært begrensede ytelser til livsopphold etter folketrygdloven eller arbeidsmarkedsloven. "
    "Før 2019 sto det «personer i yrkesaktiv alder»."
)


def check(ctx: RuleContext) -> list[Finding]:
    start, end = ctx.start, ctx.end
    if start is None or end is None:
        return []
    birth = ctx.plan.participant.birth_date
    low = int(ctx.number("program.alder_min", start))
    high = int(ctx.number("program.alder_maks", start))
    adult = anniversary(birth, low)
    limit = anniversary(birth, high)
    inputs = (dated("Fødselsdato", birth), dated("Programmet starter", start), dated("Programmet slutter", end))
    parameters = (ctx.parameter_row("program.alder_min", start), ctx.parameter_row("program.alder_maks", start))
    dates = ((f"{low}-årsdagen", adult), (f"{high}-årsdagen", limit))
    out: list[Finding] = []
    if start < adult:
        out.append(
            RULE.finding(
                f"Deltakeren er {age_on(birth, start)} år når programmet starter {fmt_date(start)}, og fyller "
                f"{low} år først {fmt_date(adult)}. Programmet kan tidligst starte på {low}-årsdagen.",
                Explanation(
                    f"Kvalifiseringsprogram er for personer mellom {low} og {high} år. Deltakeren er for ung "
                    "den dagen programmet starter.",
                    inputs,
                    parameters,
                    dates,
                ),
                day=start,
            )
        )
    if end >= limit:
        out.append(
            RULE.finding(
                f"Deltakeren fyller {high} år {fmt_date(limit)}, før programmet slutter {fmt_date(end)}. "
                f"Programmet må slutte senest {fmt_date(limit - ONE_DAY)}, dagen før {high}-årsdagen.",
                Explanation(
                    f"Kvalifiseringsprogram er for personer mellom {low} og {high} år, så programmet må være "
                    f"slutt før deltakeren fyller {high}.",
                    inputs,
                    parameters,
                    dates,
                ),
                day=limit,
            )
        )
    return out


RULE = Rule(
    id="age_18_67",
    title="Alder 18–67 år hele programmet",
    reference="sotjl § 29 første ledd",
    law_text=LAW_TEXT,
    default_severity=Severity.ERROR,
    check=check,
)
