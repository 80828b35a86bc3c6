"""`activity_outside_programme` — an activity runs before the programme starts or after it ends
(warning, added).

Forskrift om kvalifiseringsprogram § 2 and sotjl § 30: the programme's content is what happens in
its vedtak periods. The calendar counts no hours outside them, so an activity that reaches outside
is either a typo or something the vedtak does not cover; the veileder must look at it. Cancelled
activities are not checked.
"""

from __future__ import annotations

from planner.dates import ONE_DAY
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, activity_label
from planner.text import fmt_list, fmt_span

LAW_TEXT = (
    "Forskrift om kvalifiseringsprogram § 2: programmet gis for vedtaksperioden, og varigheten skal "
    "fremgå av vedtaket. Sosialtjenesteloven § 30: programmets innhold er tiltakene i programmet."
)


def check(ctx: RuleContext) -> list[Finding]:
    start, end = ctx.start, ctx.end
    if start is None or end is None:
        return []
    outside = [a for a in ctx.activities if a.start < start or a.end > end]
    if not outside:
        return []
    labels = [activity_label(a) for a in outside]
    noun = "Aktiviteten" if len(outside) == 1 else "Aktivitetene"
    return [
        RULE.finding(
            f"{noun} {fmt_list(labels)} går utenfor programmet ({fmt_span(start, end)}). Timer utenfor "
            "vedtaksperiodene teller ikke.",
            Explanation(
                "Programmet består av det som skjer i vedtaksperiodene. Timer før start eller etter slutt "
                "regnes ikke med i full tid eller andre regler.",
                (("Programmet", fmt_span(start, end)),)
                + tuple((activity_label(a), fmt_span(a.start, a.end)) for a in outside),
                (),
                (("Programmet starter", start), ("Programmet slutter", end)),
            ),
            day=min(a.start if a.start < start else end + ONE_DAY for a in outside),
            activity_ids=tuple(a.id for a in outside),
        )
    ]


RULE = Rule(
    id="activity_outside_programme",
    title="Aktivitetene ligger innenfor programmet",
    reference="forskrift om kvalifiseringsprogram § 2",
    law_text=LAW_TEXT,
    default_severity=Severity.WARNING,
    check=check,
)
