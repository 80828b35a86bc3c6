"""`health_time_justified` — time set aside for health is justified in the case (warning).

Sosialtjenesteloven § 30 første ledd: the programme may hold time for activities that improve
health (helsehjelp, opptrening, egenaktivitet, hvile); the time used must be justified. Rundskrivet
4.30.2.10: "Tidsbruken skal begrunnes og fremgå av saken."

How: every counting (not cancelled) `health` activity needs a non-blank `justification`. Whether the
reason is good enough is the veileder's judgment, hence a warning. One finding names them all.
"""

from __future__ import annotations

from planner.model import Category
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, activity_label
from planner.text import fmt_hours_unit, fmt_list, fmt_span

LAW_TEXT = (
    "Sosialtjenesteloven § 30 første ledd: programmet kan også gi tid til aktiviteter som kan bedre "
    "helsen; tidsbruken skal begrunnes. Tipsheftet 4.30.2.10: «Innenfor programmets tidsramme på 37 ½ "
    "time per uke er det anledning til å sette av tid til andre aktiviteter som helsehjelp, opptrening, "
    "ulike egenaktiviteter og hviletid. Tidsbruken skal begrunnes og fremgå av saken.»"
)


def check(ctx: RuleContext) -> list[Finding]:
    missing = [
        a
        for a in ctx.activities
        if a.category is Category.HEALTH and not (a.justification and a.justification.strip())
    ]
    if not missing:
        return []
    labels = [activity_label(a) for a in missing]
    noun = "Helseaktiviteten" if len(missing) == 1 else "Helseaktivitetene"
    return [
        RULE.finding(
            f"{noun} {fmt_list(labels)} mangler begrunnelse for tidsbruken. Skriv hvorfor tiden settes av.",
            Explanation(
                "Tid til helsehjelp, opptrening, egenaktivitet og hvile kan være en del av programmet, men "
                "tidsbruken skal begrunnes i saken.",
                tuple(
                    (activity_label(a), f"{fmt_hours_unit(a.hours_per_week)} per uke, {fmt_span(a.start, a.end)}")
                    for a in missing
                ),
            ),
            day=min(a.start for a in missing),
            activity_ids=tuple(a.id for a in missing),
        )
    ]


RULE = Rule(
    id="health_time_justified",
    title="Tid til helse er begrunnet",
    reference="sotjl § 30 første ledd",
    law_text=LAW_TEXT,
    default_severity=Severity.WARNING,
    check=check,
)
