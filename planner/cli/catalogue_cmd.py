"""`python -m planner catalogue …`: the catalogue of measures (tiltak).

    catalogue check FILE [--json]   validate a catalogue file (CSV or XLSX) row by row

Exit codes: 0 no errors, 1 errors in the rows or headers, 2 unreadable (not found, not a
spreadsheet, too big, empty).

    catalogue import FILE --office NAME [--dry-run]   store an office's own catalogue; the same check
    runs first and nothing is stored unless it passes (`planner/cli/catalogue_import.py`)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from planner.catalogue import CatalogueResult, check_size, parse_catalogue, unreadable_result

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "catalogue",
        help="katalogen over tiltak: sjekk en katalogfil",
        description="Katalogen over tiltak (nasjonal og kontorets egen).",
    )
    commands = parser.add_subparsers(dest="catalogue_command", required=True, metavar="KOMMANDO")

    check = commands.add_parser(
        "check",
        help="sjekk en katalogfil (CSV eller XLSX) rad for rad",
        description=(
            "Sjekker en katalogfil (CSV eller XLSX) rad for rad. "
            "Avslutter med 0 uten feil, 1 ved feil i filen, 2 om filen ikke kan leses."
        ),
    )
    check.add_argument("file", metavar="FIL", help="katalogfilen (.csv eller .xlsx)")
    check.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    check.set_defaults(run=run_check)

    _register_import(commands)


def _register_import(commands: argparse._SubParsersAction) -> None:
    """`catalogue import FILE --office NAME`: the same checks, then stored in one transaction."""
    from planner.cli.catalogue_import import add_import_subcommand

    add_import_subcommand(commands)


def check_file(path: str) -> tuple[CatalogueResult, int]:
    """Read and check one catalogue file; the result and the exit code it calls for."""
    file = Path(path)
    if not file.is_file():
        return unreadable_result("Finner ikke filen."), EXIT_UNREADABLE
    try:
        too_big = check_size(file.stat().st_size)  # before reading it
        if too_big is not None:
            return too_big, EXIT_UNREADABLE
        data = file.read_bytes()
    except OSError as exc:
        return unreadable_result(f"Kan ikke lese filen ({exc.strerror or exc})."), EXIT_UNREADABLE
    result = parse_catalogue(data, file.name)
    if result.unreadable:
        return result, EXIT_UNREADABLE
    return result, EXIT_ERRORS if result.errors else EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    result, code = check_file(args.file)
    if getattr(args, "json", False):
        print(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
    else:
        report = format_report(result, args.file)
        print(report, file=sys.stderr if code == EXIT_UNREADABLE else sys.stdout)
    return code


def result_to_json(result: CatalogueResult) -> dict[str, Any]:
    return {
        "errors": [p.to_dict() for p in result.errors],
        "warnings": [p.to_dict() for p in result.warnings],
        "measures": len(result.measures),
        "rows": result.rows,
        "unreadable": result.unreadable,
    }


def format_report(result: CatalogueResult, path: str) -> str:
    """A readable Norwegian report: what was read, then every error and warning."""
    lines: list[str] = []
    if result.unreadable:
        for problem in result.errors:
            lines.append(f"{path}: {problem}")
        lines.append("Filen kan ikke leses som katalog.")
        return "\n".join(lines)
    how = result.file_format
    if result.encoding:
        how += f", {result.encoding}"
    if result.delimiter:
        how += ", skilletegn " + {",": "komma", ";": "semikolon", "\t": "tabulator"}.get(
            result.delimiter, f"«{result.delimiter}»"
        )
    lines.append(f"Katalog: {path} ({how}), {result.rows} {'rad' if result.rows == 1 else 'rader'} med tiltak.")
    if result.errors:
        lines.append("")
        lines.append(f"Feil ({len(result.errors)}):")
        lines.extend(f"  {p}" for p in result.errors)
    if result.warnings:
        lines.append("")
        lines.append(f"Advarsler ({len(result.warnings)}):")
        lines.extend(f"  {p}" for p in result.warnings)
    lines.append("")
    if result.errors:
        lines.append(
            f"Filen har {len(result.errors)} {'feil' if len(result.errors) != 1 else 'feil'} og kan ikke "
            "tas i bruk før de er rettet. Ingen tiltak er lest inn."
        )
    else:
        lines.append(f"Filen er i orden: {len(result.measures)} tiltak.")
    return "\n".join(lines)
