"""`job_seeking_final_part` — job seeking is part of the programme at the latest in its final
part (error).

Sosialtjenesteloven § 30 annet ledd; in an extended programme, the final part of the last vedtak
period. The law does not fix "final part": the tips booklet (rundskrivet 4.30.2.3) says "senest
3 mnd. før programslutt", so the default is `program.sluttfase_mnd` = 3 months, which an office can
change (`CheckSettings.final_part_months`).

How: the final part is `calendar.final_part` — the last N months of the last period, reaching back
over any leave or interruption inside it so that it always holds N months of programme, and never
before the last period's first day. The rule holds when a counting (not cancelled) `job_seeking`
activity overlaps it by at least one day. Job seeking earlier in the programme is welcome but does
not replace it; the message names such activities so the veileder sees why they do not count.
"""

from __future__ import annotations

from planner.model import Category
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, activity_label, dated
from planner.text import fmt_date, fmt_list, fmt_span

LAW_TEXT = (
    "Sosialtjenesteloven § 30 annet ledd: arbeidssøking skal inngå senest i siste del av programmet; "
    "i et forlenget program i siste del av siste vedtaksperiode. Forskriften (2012): «Arbeidssøking skal "
    "inngå fra det tidspunkt det vurderes som hensiktsmessig, og skal alltid inngå i den avsluttende "
    "delen av programmet.» Tipsheftet 4.30.2.3: «senest 3 mnd. før programslutt»."
)


def check(ctx: RuleContext) -> list[Finding]:
    final = ctx.calendar.final_part
    if final is None:
        return []
    first, last = final
    seeking = [a for a in ctx.activities if a.category is Category.JOB_SEEKING]
    if any(a.start <= last and first <= a.end for a in seeking):
        return []
    extended = len(ctx.plan.periods) > 1
    where = "siste del av siste vedtaksperiode" if extended else "siste del av programmet"
    message = f"Programmet mangler arbeidssøking i {where}, {fmt_span(first, last)}."
    if seeking:
        message += " " + fmt_list(
            [f"{activity_label(a)} slutter {fmt_date(a.end)}" for a in seeking if a.end < first]
            + [f"{activity_label(a)} starter {fmt_date(a.start)}" for a in seeking if a.start > last]
        ) + "."
    else:
        message += " Legg inn en aktivitet med arbeidssøking, for eksempel jobbsøkerkurs eller jobbklubb."
    months = int(ctx.number("program.sluttfase_mnd", ctx.end))
    return [
        RULE.finding(
            message,
            Explanation(
                f"Arbeidssøking skal være med senest i siste del av programmet. Planleggeren regner siste del som "
                f"de siste {months} månedene av siste vedtaksperiode (permisjon og avbrudd flytter starten "
                "bakover).",
                (
                    dated("Siste vedtaksperiode starter", ctx.periods[-1].start),
                    dated("Programmet slutter", last),
                    ("Aktiviteter med arbeidssøking", fmt_list([activity_label(a) for a in seeking]) or "ingen"),
                ),
                (ctx.parameter_row("program.sluttfase_mnd", ctx.end),),
                (("Siste del begynner", first), ("Siste del slutter", last)),
            ),
            day=first,
            activity_ids=tuple(a.id for a in seeking),
        )
    ]


RULE = Rule(
    id="job_seeking_final_part",
    title="Arbeidssøking senest i siste del",
    reference="sotjl § 30 annet ledd",
    law_text=LAW_TEXT,
    default_severity=Severity.ERROR,
    check=check,
)
