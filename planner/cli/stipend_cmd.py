"""`python -m planner stipend PLAN.json [--json] [--payment-day N]`: kvalifiseringsstønad per month.

With `--json` (spec/plan-format.md): `{"months": [{"month", "stipend_days", "base",
"child_supplement", "absence_deduction", "work_deduction", "benefit_deduction", "total", …}],
"total", …}`; amounts are JSON numbers written with exactly two decimals (`1234.50`). Added keys
beyond the contract: per month `trekk`, `floored`, `payment_date`, `projected`; at the top
`last_known_g_date`, `projected`, `trekk_remaining`, `notes`.

Without `--json`: a Norwegian table. Exit 0, or 2 on bad input (nothing written to stdout).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from typing import Any

from planner.cli.common import fail, read_plan
from planner.params import ParameterError, load_parameters
from planner.stipend import StipendResult, StipendSettings, compute_stipend
from planner.stipend.money import format_number
from planner.stipend.nb import day_text


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stipend",
        help="beregn kvalifiseringsstønaden måned for måned",
        description=(
            "Beregner kvalifiseringsstønaden for planen måned for måned: stønad, barnetillegg, "
            "fradrag for ugyldig fravær, arbeid og andre ytelser, trekk og utbetaling. "
            "Avslutter med 0, eller 2 ved feil i planfilen."
        ),
    )
    parser.add_argument("plan", metavar="PLAN.json", help="planfilen")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    parser.add_argument(
        "--payment-day",
        type=_payment_day,
        metavar="N",
        help="dag i måneden etter da stønaden utbetales (1–31; standard fra parameterne)",
    )
    parser.set_defaults(run=run)


def _payment_day(text: str) -> int:
    try:
        day = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et heltall") from None
    if not 1 <= day <= 31:
        raise argparse.ArgumentTypeError(f"utbetalingsdag må være 1–31, ikke {day}")
    return day


def run(args: argparse.Namespace) -> int:
    plan = read_plan(args.plan)
    try:
        result = compute_stipend(plan, load_parameters(), StipendSettings(payment_day=args.payment_day))
    except ParameterError as exc:  # e.g. a plan before the first G in the table
        raise fail([f"{args.plan}: kan ikke beregne stønaden: {exc}"]) from None
    print(to_json(result) if args.json else to_table(result))
    return 0


# -- JSON ----------------------------------------------------------------------------------------


def result_tree(result: StipendResult) -> dict[str, Any]:
    """The result as a JSON tree; amounts stay `Decimal` (written by `dumps` with 2 decimals)."""
    return {
        "months": [
            {
                "month": m.month,
                "stipend_days": m.stipend_days,
                "base": m.base,
                "child_supplement": m.child_supplement,
                "absence_deduction": m.absence_deduction,
                "work_deduction": m.work_deduction,
                "benefit_deduction": m.benefit_deduction,
                "total": m.total,
                "trekk": m.trekk,
                "floored": m.floored,
                "payment_date": m.payment_date,
                "projected": m.projected,
            }
            for m in result.months
        ],
        "total": result.total,
        "last_known_g_date": result.last_known_g_date,
        "projected": result.projected,
        "trekk_remaining": result.trekk_remaining,
        "notes": list(result.notes),
    }


def to_json(result: StipendResult) -> str:
    return dumps(result_tree(result))


def dumps(value: Any, indent: int = 0) -> str:
    """JSON text with Decimal amounts as numbers with exactly two decimals (never through float)."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{inner}{json.dumps(k)}: {dumps(v, indent + 1)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{inner}{dumps(v, indent + 1)}" for v in value) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


# -- the table -----------------------------------------------------------------------------------

_COLUMNS = ("Måned", "Dager", "Stønad", "Barnetillegg", "Fravær", "Arbeid", "Ytelser", "Trekk", "Utbetaling", "Dato")


def to_table(result: StipendResult) -> str:
    """A plain-text table in Norwegian: kroner with space as thousands separator and decimal comma."""
    if not result.months:
        return "Planen har ingen perioder: ingen stønad å beregne."
    rows = []
    for m in result.months:
        rows.append(
            (
                m.month + ("*" if m.projected else ""),
                str(m.stipend_days),
                format_number(m.base),
                format_number(m.child_supplement),
                _minus(m.absence_deduction),
                _minus(m.work_deduction),
                _minus(m.benefit_deduction),
                _minus(m.trekk),
                format_number(m.total),
                m.payment_date.strftime("%d.%m.%Y"),
            )
        )
    sums = [sum((getattr(m, f) for m in result.months), Decimal(0)) for f in ("base", "child_supplement", "absence_deduction", "work_deduction", "benefit_deduction", "trekk")]
    rows.append(
        (
            "Sum",
            str(sum(m.stipend_days for m in result.months)),
            format_number(sums[0]),
            format_number(sums[1]),
            *(_minus(s) for s in sums[2:]),
            format_number(result.total),
            "",
        )
    )
    widths = [max(len(r[i]) for r in [_COLUMNS, *rows]) for i in range(len(_COLUMNS))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if i in (0, 9) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = ["Kvalifiseringsstønad per måned (kr)", "", line(_COLUMNS), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows[:-1]]
    out += ["  ".join("-" * w for w in widths), line(rows[-1]), ""]
    out.append("Utbetales etterskuddsvis (sotjl § 39) for måneden før, på dagen i kolonnen «Dato».")
    if result.projected:
        out.append(f"* Framskrevet med siste kjente G (fra {day_text(result.last_known_g_date)}): ny G er ikke kjent ennå.")
    floored = sum((m.floored for m in result.months), Decimal(0))
    if floored:
        out.append(f"Fradrag som oversteg månedens stønad ({format_number(floored)} kr) er ikke ført videre.")
    if result.trekk_remaining:
        out.append(f"Gjenstående å trekke etter programmet: {format_number(result.trekk_remaining)} kr.")
    out += list(result.notes)
    return "\n".join(out)


def _minus(value: Decimal) -> str:
    return f"−{format_number(value)}" if value else "0,00"
