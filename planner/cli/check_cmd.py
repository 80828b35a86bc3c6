"""`python -m planner check PLAN.json [--json]`: run every rule on a plan file.

Output (spec/plan-format.md): with `--json` the document
`{"findings": [{"rule", "severity", "message", "reference", "weeks"?, "date"?, ...}],
"summary": {"errors", "warnings", "infos"}}` — each finding also carries `activity_ids` (when set)
and `explanation` ("Hvorfor?"); without it a readable Norwegian table. Exit 0 with no errors,
1 with errors, 2 on bad input (one line per problem on stderr, naming the field; nothing on stdout).
"""

from __future__ import annotations

import argparse
import shutil
import textwrap

from planner.cli.common import print_json, read_plan
from planner.params import load_parameters
from planner.rules import CheckResult, CheckSettings, Severity, check_plan
from planner.text import fmt_date, fmt_list, fmt_span


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="sjekk en plan mot reglene (sotjl §§ 29–35, forskriften)",
        description="Sjekker en planfil mot reglene og skriver funnene. Avslutter med 0 uten feil, "
        "1 med feil og 2 hvis filen ikke kan leses.",
    )
    parser.add_argument("plan", metavar="PLAN.json", help="planfilen (JSON)")
    parser.add_argument("--json", action="store_true", help="skriv funnene som JSON")
    parser.add_argument(
        "--final-part-months",
        type=_months,
        metavar="MND",
        help="lengden på «siste del» i måneder (standard: parameteren program.sluttfase_mnd, 3)",
    )
    parser.add_argument(
        "--halfway-severity",
        choices=[s.value for s in Severity],
        help="alvorlighet for halvveisregelen (god praksis; standard: regler.halvveis_alvorlighet)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    plan = read_plan(args.plan)  # exits 2 with the problems on stderr
    settings = CheckSettings(
        final_part_months=args.final_part_months,
        halfway_severity=Severity(args.halfway_severity) if args.halfway_severity else None,
    )
    result = check_plan(plan, load_parameters(), settings)
    if args.json:
        print_json(result.to_dict())
    else:
        print(render_table(result, args.plan, plan.start, plan.end))
    return 1 if result.errors else 0


def _months(text: str) -> int:
    try:
        months = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et helt tall") from None
    if not 1 <= months <= 36:
        raise argparse.ArgumentTypeError("må være mellom 1 og 36 måneder")
    return months


SEVERITY_COLUMN = {Severity.ERROR: "FEIL", Severity.WARNING: "ADVARSEL", Severity.INFO: "INFO"}


def render_table(result: CheckResult, name: str, start=None, end=None, width: int | None = None) -> str:
    """The findings as a plain-text table in bokmål: severity, rule and reference, then the message
    wrapped under it, with the weeks and the date when the finding has them."""
    width = width or min(max(shutil.get_terminal_size((100, 24)).columns, 60), 120)
    lines = [f"Sjekk av {name}" + (f" – programmet {fmt_span(start, end)}" if start and end else "")]
    lines.append("")
    if not result.findings:
        lines.append("Ingen funn: planen følger alle reglene planleggeren sjekker.")
    else:
        sev_width = max(len(v) for v in SEVERITY_COLUMN.values())
        rule_width = max(len(f.rule) for f in result.findings)
        header = f"{'ALVORLIGHET':<{sev_width + 3}}  {'REGEL':<{rule_width}}  HJEMMEL"
        lines += [header, "-" * min(width, max(len(header), 60))]
        indent = " " * (sev_width + 5)
        for finding in result.findings:
            lines.append(f"{SEVERITY_COLUMN[finding.severity]:<{sev_width + 3}}  {finding.rule:<{rule_width}}  {finding.reference}")
            lines += textwrap.wrap(finding.message, width, initial_indent=indent, subsequent_indent=indent)
            extra = []
            if finding.date is not None:
                extra.append(f"Dato: {fmt_date(finding.date)}")
            if finding.weeks:
                shown = list(finding.weeks[:12]) + ([f"{len(finding.weeks) - 12} til"] if len(finding.weeks) > 12 else [])
                extra.append(f"Uker: {', '.join(shown)}")
            if finding.activity_ids:
                extra.append(f"Aktiviteter: {fmt_list(list(finding.activity_ids))}")
            for item in extra:
                lines += textwrap.wrap(item, width, initial_indent=indent, subsequent_indent=indent + "  ")
            lines.append("")
    lines.append(f"Oppsummering: {_count(result.errors, 'feil', 'feil')}, "
                 f"{_count(result.warnings, 'advarsel', 'advarsler')}, {_count(result.infos, 'info', 'info')}.")
    return "\n".join(lines)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
