"""`work_directed_by_halfway` — a work-directed measure or paid work runs on the halfway day
(good practice; warning by default).

History: forskrift om kvalifiseringsprogram § 1 said from 2012 to 2018 that work-directed measures
"skal alltid inngå når deltakeren er halvveis i programmet". Forskrift 20. desember 2018 nr. 2219
deleted it from 1 January 2019, when sotjl § 30 got "den vesentlige delen" instead (see
`substantial.py`). The tips booklet (rundskrivet 4.30.2.2) still teaches it, and the veiledere ask
for it, so the planner checks it as good practice — never as a breach of the law in force. The
severity comes from `regler.halvveis_alvorlighet` ("warning"); an office may raise it to "error"
(`CheckSettings.halfway_severity`), and the message still says it is good practice.

How: the halfway day is `calendar.halfway_day` — the counted day on which half of the counted days
have passed (leave and interruptions push it later, vacation does not). The rule holds when a
counting `work_directed` or `paid_work` activity spans that day (start ≤ halfway ≤ end); its hours on
that day do not matter (the halfway day may be a Saturday).
"""

from __future__ import annotations

from planner.model import Category
from planner.params import ParameterError
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, activity_label, dated
from planner.text import fmt_date

LAW_TEXT = (
    "Forskrift om kvalifiseringsprogram § 1 første ledd, 2012–2018: «Arbeidsrettede tiltak skal inngå i "
    "programmet fra det tidspunkt det vurderes som hensiktsmessig, og skal alltid inngå når deltakeren "
    "er halvveis i programmet.» Opphevet fra 1. januar 2019 (forskrift 20. desember 2018 nr. 2219); "
    "videreført som god praksis i tipsheftet 4.30.2.2."
)

WORK = frozenset({Category.WORK_DIRECTED, Category.PAID_WORK})


def severity(ctx: RuleContext, day) -> Severity:
    if ctx.settings.halfway_severity is not None:
        return ctx.settings.halfway_severity
    try:
        return Severity(str(ctx.value("regler.halvveis_alvorlighet", day)))
    except (ParameterError, ValueError):
        return RULE.default_severity


def check(ctx: RuleContext) -> list[Finding]:
    halfway = ctx.calendar.halfway_day
    if halfway is None:
        return []
    work = [a for a in ctx.activities if a.category in WORK]
    if any(a.start <= halfway <= a.end for a in work):
        return []
    later = sorted((a for a in work if a.start > halfway), key=lambda a: a.start)
    message = f"Ingen arbeidsrettede tiltak eller lønnet arbeid pågår halvveis i programmet, {fmt_date(halfway)}."
    if later:
        message += f" Første arbeidsrettede aktivitet, {activity_label(later[0])}, starter {fmt_date(later[0].start)}."
    message += (
        " Dette er god praksis, ikke et lovkrav: kravet sto i forskriften 2012–2018 og ble opphevet "
        "1. januar 2019."
    )
    level = severity(ctx, halfway)
    counted = ctx.calendar.counted_days
    return [
        RULE.finding(
            message,
            Explanation(
                "Fra 2012 til 2018 krevde forskriften arbeidsrettede tiltak senest halvveis i programmet. Kravet "
                "er opphevet, men regnes fortsatt som god praksis. Halvveis er dagen da halvparten av dagene som "
                "teller er gått (permisjon og avbrudd teller ikke).",
                (
                    dated("Programmet starter", ctx.start),
                    dated("Programmet slutter", ctx.end),
                    ("Dager som teller", str(len(counted))),
                    ("Arbeidsrettede aktiviteter", ", ".join(activity_label(a) for a in work) or "ingen"),
                ),
                (ctx.parameter_row("regler.halvveis_alvorlighet", halfway),),
                (("Halvveis", halfway),),
            ),
            severity=level,
            day=halfway,
            activity_ids=tuple(a.id for a in later),
        )
    ]


RULE = Rule(
    id="work_directed_by_halfway",
    title="Arbeidsrettet tiltak senest halvveis (god praksis)",
    reference="tipsheftet 4.30.2.2; tidligere forskrift om kvalifiseringsprogram § 1 (opphevet 2019)",
    law_text=LAW_TEXT,
    default_severity=Severity.WARNING,
    check=check,
)
