"""`paid_work_max_50` — paid work or apprenticeship is at most 50 % of full time in any week
(error).

Sosialtjenesteloven § 30 tredje ledd (from 2019): up to 50 % stilling or læretid may be combined
with the programme. The limit is `program.lonnet_arbeid_maks_andel` × `program.timer_per_uke`
(0.5 × 37.5 = 18.75 h), taken on each week's first working day.

How: the hours of counting `paid_work` activities in each ISO week, as the calendar counts them
(on the week's working days: a week with a holiday or vacation holds fewer hours, and a job is never
over the limit because of such a week). Several paid_work activities in the same week are added
together: two 10-hour jobs are one 20-hour week. The limit is compared with the same 0.01 h rounding
margin as full time. One finding names every week over the limit and the activities involved.
"""

from __future__ import annotations

from decimal import Decimal

from planner.model import Category
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, activity_label, first_few
from planner.text import fmt_hours, fmt_hours_unit, fmt_list

LAW_TEXT = (
    "Sosialtjenesteloven § 30 tredje ledd (fra 1. januar 2019): deltakeren kan kombinere programmet med "
    "inntil 50 prosent stilling eller læretid. Summen av lønnet arbeid og aktiviteter i programmet skal "
    "minst utgjøre full tid."
)


def check(ctx: RuleContext) -> list[Finding]:
    start = ctx.start
    if start is None:
        return []
    paid = {a.id for a in ctx.activities if a.category is Category.PAID_WORK}
    if not paid:
        return []
    tolerance = ctx.number("program.avrundingsmargin_timer", start)
    over: list[tuple[str, Decimal, Decimal]] = []  # (week label, paid hours, limit)
    involved: set[str] = set()
    first_day = None
    for week in ctx.calendar.weeks:
        hours = [(aid, h) for aid, h in week.hours_by_activity if aid in paid]
        total = sum((h for _, h in hours), Decimal(0))
        if not week.working_days or total == 0:
            continue
        day = week.working_days[0]
        limit = ctx.number("program.lonnet_arbeid_maks_andel", day) * ctx.number("program.timer_per_uke", day)
        if total > limit + tolerance:
            over.append((week.label, total, limit))
            involved.update(aid for aid, _ in hours)
            first_day = first_day or day
    if not over:
        return []
    worst = max(over, key=lambda o: o[1])
    limit = over[0][2]
    ids = tuple(a.id for a in ctx.activities if a.id in involved)
    labels = [activity_label(a) for a in ctx.activities if a.id in involved]
    count = len(over)
    noun = "uke" if count == 1 else "uker"
    return [
        RULE.finding(
            f"Lønnet arbeid eller læretid er over {fmt_hours_unit(limit)} i {count} {noun}: "
            f"{first_few([f'{label} ({fmt_hours(h)} t)' for label, h, _ in over])}. Høyst 50 prosent stilling "
            f"kan kombineres med programmet (gjelder {fmt_list(labels)}).",
            Explanation(
                "Deltakeren kan ha inntil 50 prosent stilling eller læretid ved siden av programmet, det vil si "
                f"{fmt_hours_unit(limit)} i en hel uke. Alle aktiviteter med lønnet arbeid regnes sammen.",
                (
                    ("Aktiviteter med lønnet arbeid", fmt_list(labels)),
                    ("Uker over grensen", str(count)),
                    ("Høyeste uke", f"{worst[0]}: {fmt_hours_unit(worst[1])}"),
                ),
                (
                    ctx.parameter_row("program.lonnet_arbeid_maks_andel", start),
                    ctx.parameter_row("program.timer_per_uke", start),
                ),
                (("Første uke over grensen", first_day),),
            ),
            weeks=tuple(label for label, _, _ in over),
            day=first_day,
            activity_ids=ids,
        )
    ]


RULE = Rule(
    id="paid_work_max_50",
    title="Lønnet arbeid høyst 50 prosent",
    reference="sotjl § 30 tredje ledd",
    law_text=LAW_TEXT,
    default_severity=Severity.ERROR,
    check=check,
)
