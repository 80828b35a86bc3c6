"""`rate_projected` — the plan runs past the last known rates; amounts after them are projected
(info).

Sosialtjenesteloven § 35: the stipend is a factor of G, and G changes on 1 May every year (the new
figure is usually decided late in May, with effect from 1 May). The planner ships G as dated
parameters and never fetches it at run time, so a plan that runs into a May whose G is not yet in
`stonad.grunnbelop` is computed with the last known G. The finding says from which day.

Choice (beyond the contract's "last known G"): barnetillegg follows the AAP rate, which changes on
1 January; when the participant supports a child under 18 and the plan runs into a January whose
rate is not yet in `stonad.barnetillegg`, the same finding says so. Info only: nothing is wrong
with the plan.
"""

from __future__ import annotations

from datetime import date

from planner.dates import anniversary
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, dated
from planner.text import fmt_date, fmt_kr

LAW_TEXT = (
    "Sosialtjenesteloven § 35: kvalifiseringsstønaden utgjør på årsbasis 2,041 ganger grunnbeløpet "
    "(2 G fram til 30. juni 2024), to tredjedeler for deltakere under 25 år, med barnetillegg som for "
    "arbeidsavklaringspenger. Grunnbeløpet endres 1. mai hvert år."
)


def next_change(last: date, month: int) -> date:
    """The first 1 `month` after the date of the last known value."""
    candidate = date(last.year, month, 1)
    return candidate if candidate > last else date(last.year + 1, month, 1)


def check(ctx: RuleContext) -> list[Finding]:
    end = ctx.end
    if end is None:
        return []
    g = ctx.params["stonad.grunnbelop"]
    g_from = next_change(g.last_change, 5)
    projected: list[tuple[str, date]] = []
    sentences: list[str] = []
    if end >= g_from:
        projected.append(("G fremskrevet fra", g_from))
        sentences.append(
            f"Beløp fra og med {fmt_date(g_from)} er fremskrevet med siste kjente G "
            f"({fmt_kr(g.values[-1][1])} fra {fmt_date(g.last_change)}); ny G fastsettes i mai."
        )
    child = ctx.params["stonad.barnetillegg"]
    child_from = next_change(child.last_change, 1)
    adult_age = int(ctx.number("stonad.barnetillegg_til_alder", child_from))
    supported = [c for c in ctx.plan.participant.children if anniversary(c.birth_date, adult_age) > child_from]
    if supported and end >= child_from:
        projected.append(("Barnetillegg fremskrevet fra", child_from))
        sentences.append(
            f"Barnetillegget fra og med {fmt_date(child_from)} er regnet med siste kjente sats "
            f"({fmt_kr(child.values[-1][1])} per barn per dag fra {fmt_date(child.last_change)})."
        )
    if not projected:
        return []
    first = min(day for _, day in projected)
    return [
        RULE.finding(
            f"Planen går forbi de siste kjente satsene. {' '.join(sentences)}",
            Explanation(
                "Stønaden regnes ut fra grunnbeløpet (G), som endres 1. mai hvert år, og barnetillegget, som "
                "endres 1. januar. Planleggeren kjenner bare satsene som er vedtatt; senere beløp er et anslag.",
                (dated("Programmet slutter", end), ("Barn under 18 år", str(len(supported)))),
                (
                    ctx.parameter_row("stonad.grunnbelop", g.last_change),
                    ctx.parameter_row("stonad.barnetillegg", child.last_change),
                ),
                tuple(projected),
            ),
            day=first,
        )
    ]


RULE = Rule(
    id="rate_projected",
    title="Satser etter siste kjente G er fremskrevet",
    reference="sotjl § 35",
    law_text=LAW_TEXT,
    default_severity=Severity.INFO,
    check=check,
)
