"""`substantial_work_directed` — "den vesentlige delen" of the programme is measures directly aimed
at work (warning: an interpretation).

Sosialtjenesteloven § 30 første ledd (from 1 January 2019). The law sets no number: the planner
reads "the substantial part" as at least `program.vesentlig_del_andel` (50 %) of all planned hours,
and counts `work_directed`, `job_seeking` and `paid_work` (`model.WORK_AIMED`) as directly aimed at
work. The hours are those the calendar counts (working days of every week, counting activities
only), summed over the whole programme. A plan with no planned hours at all is left to `full_time`.
"""

from __future__ import annotations

from decimal import Decimal

from planner.model import CATEGORY_LABELS_NB, WORK_AIMED, Category
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity
from planner.text import fmt_hours_unit, fmt_percent

LAW_TEXT = (
    "Sosialtjenesteloven § 30 første ledd (fra 1. januar 2019): den vesentlige delen av programmet skal "
    "bestå av tiltak som direkte kan forventes å styrke deltakerens mulighet for å komme i arbeid etter "
    "programmet. Programmet kan også inneholde tiltak som støtter opp under og forbereder overgang til "
    "arbeid, og tid til aktiviteter som kan bedre helsen."
)


def check(ctx: RuleContext) -> list[Finding]:
    start = ctx.start
    if start is None:
        return []
    by_category: dict[Category, Decimal] = {c: Decimal(0) for c in Category}
    category_of = ctx.category_of
    for week in ctx.calendar.weeks:
        for aid, hours in week.hours_by_activity:
            by_category[category_of[aid]] += hours
    total = sum(by_category.values(), Decimal(0))
    if total == 0:
        return []
    aimed = sum((by_category[c] for c in WORK_AIMED), Decimal(0))
    threshold = ctx.number("program.vesentlig_del_andel", start)
    share = aimed / total
    if share >= threshold:
        return []
    needed = threshold * total - aimed
    return [
        RULE.finding(
            f"Arbeidsrettet innhold (arbeidsrettede tiltak, arbeidssøking og lønnet arbeid) er {fmt_percent(share)} "
            f"av de planlagte timene; planleggeren regner den vesentlige delen som minst {fmt_percent(threshold)}. "
            f"Det mangler omtrent {fmt_hours_unit(needed.quantize(Decimal(1)))} arbeidsrettet innhold over hele programmet.",
            Explanation(
                "Loven sier at den vesentlige delen av programmet skal være tiltak som direkte styrker muligheten "
                "for arbeid. Loven har ikke noe tall; planleggeren bruker en andel av alle planlagte timer.",
                tuple((CATEGORY_LABELS_NB[c], fmt_hours_unit(by_category[c])) for c in Category if by_category[c])
                + (
                    ("Planlagte timer i alt", fmt_hours_unit(total)),
                    ("Arbeidsrettede timer", fmt_hours_unit(aimed)),
                    ("Andel arbeidsrettet", fmt_percent(share)),
                ),
                (ctx.parameter_row("program.vesentlig_del_andel", start),),
                (("Programmet starter", start), ("Programmet slutter", ctx.end)),
            ),
            day=start,
        )
    ]


RULE = Rule(
    id="substantial_work_directed",
    title="Den vesentlige delen er arbeidsrettet",
    reference="sotjl § 30 første ledd",
    law_text=LAW_TEXT,
    default_severity=Severity.WARNING,
    check=check,
)
