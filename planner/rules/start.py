"""`start_within_6_months` — the programme starts at the latest six months after the application
was received (error).

Sosialtjenesteloven § 31 (kvp-rules.md, "Time frames"). The deadline is counted the way Norwegian
deadlines in months are (domstolloven § 148): the same date six months later, or the last day of
that month when it has no such date (31 August → 28/29 February) — `dates.add_months`. The
programme may start on the deadline itself. The first period (by date) is the start.
"""

from __future__ import annotations

from planner.dates import add_months
from planner.rules.base import Explanation, Finding, Rule, RuleContext, Severity, dated
from planner.text import fmt_date, fmt_days

LAW_TEXT = (
    "Sosialtjenesteloven § 31: programmet skal starte senest seks måneder etter at søknaden ble "
    "mottatt. Opplæringsmateriellet (2013): «angi et starttidspunkt – innen 6 måneder fra søknadsdato»."
)


def check(ctx: RuleContext) -> list[Finding]:
    start = ctx.start
    if start is None:
        return []
    received = ctx.plan.application_date
    months = int(ctx.number("program.start_innen_mnd", received))
    deadline = add_months(received, months)
    if start <= deadline:
        return []
    late = (start - deadline).days
    return [
        RULE.finding(
            f"Programmet starter {fmt_date(start)}, {fmt_days(late)} etter fristen. Søknaden ble mottatt "
            f"{fmt_date(received)}, og programmet skal starte senest {months} måneder etter, {fmt_date(deadline)}.",
            Explanation(
                f"Programmet skal starte senest {months} måneder etter at søknaden kom inn. Fristen regnes fra "
                "mottaksdatoen til samme dato så mange måneder senere (siste dag i måneden hvis datoen ikke finnes).",
                (dated("Søknad mottatt", received), dated("Programmet starter", start), ("Dager for sent", str(late))),
                (ctx.parameter_row("program.start_innen_mnd", received),),
                (("Siste tillatte startdato", deadline),),
            ),
            day=start,
        )
    ]


RULE = Rule(
    id="start_within_6_months",
    title="Oppstart senest seks måneder etter søknad",
    reference="sotjl § 31",
    law_text=LAW_TEXT,
    default_severity=Severity.ERROR,
    check=check,
)
