"""`python -m planner export PLAN.json -o FILE.pdf [...]`: the plan on paper.

    export PLAN.json -o plan.pdf                       the participant's copy, in their language
    export PLAN.json -o sak.pdf --copy case            the case copy (bokmål unless --lang)
    export PLAN.json -o bevis.pdf --deltakerbevis      the deltakerbevis (forskrift § 1)
    export PLAN.json --vedtak                          the vedtak basis as text on stdout

Exit 0, or 2 on bad input (one Norwegian line per problem on stderr) — and then nothing is written:
the PDF is written to a temporary file beside the target and renamed into place only when whole.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from planner.cli.common import fail, read_plan
from planner.params import load_parameters


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="skriv planen som PDF (deltakerens eksemplar, saksdokument eller deltakerbevis)",
        description="Lager planen som tilgjengelig PDF (PDF/UA-1), eller grunnlaget for vedtak som tekst. "
        "Avslutter med 0, eller 2 hvis filen ikke kan leses (da skrives ingenting).",
    )
    parser.add_argument("plan", metavar="PLAN.json", help="planfilen (JSON)")
    parser.add_argument("-o", "--output", metavar="FILE.pdf", help="PDF-filen som skal skrives")
    parser.add_argument("--lang", choices=["nb", "nn", "en"], help="språk (standard: deltakerens språk; saksdokument: nb)")
    parser.add_argument("--copy", choices=["participant", "case"], default="participant", help="eksemplar (standard: participant)")
    parser.add_argument("--deltakerbevis", action="store_true", help="lag deltakerbevis i stedet for planen")
    parser.add_argument("--own-words", metavar="TEKST", help="deltakerens egne ord på deltakerbeviset")
    parser.add_argument("--vedtak", action="store_true", help="skriv grunnlaget for vedtak som tekst (til stdout, eller til -o)")
    parser.add_argument("--period", type=int, metavar="N", help="vedtaksperiode for --vedtak (1, 2, …; standard: den som gjelder i dag)")
    parser.add_argument("--today", type=_day, metavar="ÅÅÅÅ-MM-DD", help="datoen som skrives ut (standard: i dag)")
    parser.set_defaults(run=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato (ÅÅÅÅ-MM-DD)") from None


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file in the target's folder, then rename: a reader never sees half a file."""
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # as an ordinary new file would be (mkstemp makes it 0600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    if not args.vedtak and not args.output:
        raise fail(["-o/--output: mangler (filen PDF-en skal skrives til)"])
    target = Path(args.output) if args.output else None
    if target is not None:
        if target.is_dir():
            raise fail([f"{args.output}: er en mappe, ikke en fil"])
        if not target.parent.is_dir():
            raise fail([f"{args.output}: mappen {target.parent} finnes ikke"])
    plan = read_plan(args.plan)  # exits 2 with the problems on stderr, nothing written
    params = load_parameters()
    today = args.today or date.today()

    from planner.export import render_deltakerbevis_pdf, render_plan_pdf, vedtak_basis_text

    try:
        if args.vedtak:
            period = args.period - 1 if args.period is not None else None
            text = vedtak_basis_text(plan, params, today=today, period=period)
            if target is None:
                sys.stdout.write(text)
            else:
                _write_atomically(target, text.encode("utf-8"))
            return 0
        if args.deltakerbevis:
            pdf = render_deltakerbevis_pdf(plan, params, language=args.lang, today=today, own_words=args.own_words)
        else:
            pdf = render_plan_pdf(plan, params, copy=args.copy, language=args.lang, today=today)
    except ValueError as exc:  # a plan that cannot make this document (no periods, …)
        raise fail([f"{args.plan}: {exc}"]) from None
    assert target is not None
    _write_atomically(target, pdf)
    return 0
